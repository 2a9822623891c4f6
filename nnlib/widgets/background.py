"""The static part of an explorer's figure, drawn once and reused: what each axes shows when
nothing is animated, and the band of the figure each axes may be drawn again in alone."""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox


def axes_state(ax):
    """What ax shows apart from its animated artists: limits, scales, title and labels, the
    lines and texts that are not animated, the legend's entries -> a hashable tuple."""
    state = [
        ax.get_xlim(),
        ax.get_ylim(),
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_ylabel(),
        ax.get_xscale(),
        ax.get_yscale(),
    ]
    for line in ax.lines:
        if not line.get_animated():
            state.append((line.get_xydata().tobytes(), line.get_label(), line.get_visible()))
    for text in ax.texts:
        if not text.get_animated():
            state.append((text.get_text(), text.get_position()))
    legend = ax.get_legend()
    if legend is not None:
        state.append(tuple(t.get_text() for t in legend.get_texts()))
    return tuple(state)


class Bands:
    """Columns of the figure, one band per axes, separated by gaps that nothing is drawn in.

    An axes whose state changed can then be drawn again alone: its band is blanked (filled
    with the figure's colour) and the axes drawn over it, and nothing else in the figure
    needs drawing.  bands[k] is the (first, stop) column range of figure.axes[k]; gaps the
    columns between bands, blank in the full drawing they were found in."""

    def __init__(self, bands, gaps, blank):
        self.bands, self.gaps, self.blank = bands, gaps, blank

    def __getitem__(self, k):
        return self.bands[k]

    def __bool__(self):
        return bool(self.bands)

    def intact(self, buffer):
        """Whether every gap of buffer is still blank: nothing was drawn across a band."""
        return all((buffer[:, lo:hi] == self.blank).all() for lo, hi in self.gaps)


NO_BANDS = Bands([], [], None)


def column_bands(buffer, extents):
    """The Bands of a fully drawn figure: buffer its (H, W, 4) canvas, extents the (x0, x1)
    pixel spans of its axes (ticks, labels, titles, legends included), in figure.axes order.
    The axes must sit side by side with blank columns between their extents; otherwise,
    or with a single axes, -> NO_BANDS (the figure is always drawn whole)."""
    width = buffer.shape[1]
    if len(extents) < 2:
        return NO_BANDS
    blank = buffer[0, 0].copy()
    order = sorted(range(len(extents)), key=lambda k: extents[k][0])
    spans = [
        (max(int(np.floor(extents[k][0])) - 1, 0), min(int(np.ceil(extents[k][1])) + 1, width))
        for k in order
    ]
    gaps = []
    for (_, right), (left, _) in zip(spans, spans[1:]):
        if left - right < 1:
            return NO_BANDS
        gaps.append((right, left))
    edges = [0] + [hi for _, hi in gaps]
    stops = [lo for lo, _ in gaps] + [width]
    bands = [None] * len(extents)
    for k, first, stop in zip(order, edges, stops):
        bands[k] = (first, stop)
    found = Bands(bands, gaps, blank)
    return found if found.intact(buffer) else NO_BANDS


def _axis(ax, fixed):
    """ax's x axis when fixed is "x", else its y axis."""
    return ax.xaxis if fixed == "x" else ax.yaxis


def stamp_key(ax, fixed="x"):
    """What ax's texts stamped for a `fixed` axis ("x": its y limits change, "y": its x
    limits change) show: that axis' limits, ticks and label, and the title."""
    axis = _axis(ax, fixed)
    ticks = tuple((t.get_text(), t.get_position()) for t in axis.get_ticklabels())
    return fixed, tuple(axis.get_view_interval()), ax.get_title(), axis.label.get_text(), ticks


def stamped_texts(ax, fixed="x"):
    """The texts of ax that a change of the other axis' limits leaves as they are: the
    title, and the label and tick labels (shown ones) of the `fixed` axis."""
    axis = _axis(ax, fixed)
    texts = [ax.title, axis.label, *axis.get_ticklabels()]
    return [t for t in texts if t.get_visible() and t.get_text()]


class Stamps:
    """Pixel copies of an axes' stamped texts, taken from a full drawing: drawing the axes
    again after a change of the other axis' limits, those texts are pasted, not drawn
    (drawing text is the costliest part of an axes).  Valid while stamp_key(ax, fixed) is
    `key`."""

    def __init__(self, key, pieces, texts):
        self.key, self.pieces = key, pieces  # pieces: [(rows, columns, pixels), ...]
        self.texts, self.fixed = texts, key[0]  # the Text of each piece

    @classmethod
    def take(cls, ax, renderer, buffer, fixed="x"):
        """The stamps of ax for its `fixed` axis: every such text whose box (with a pixel
        to spare) holds nothing but that text on the blank background (the others are
        drawn as usual); None when no text is left."""
        height, width = buffer.shape[:2]
        pieces, texts = [], []
        others = _other_boxes(ax, renderer, "y" if fixed == "x" else "x")
        for text in stamped_texts(ax, fixed):
            box = text.get_window_extent(renderer).padded(2.0)
            if any(box.overlaps(other) for other in others):
                continue
            texts.append(text)
            rows = slice(max(int(height - box.y1), 0), min(int(np.ceil(height - box.y0)), height))
            columns = slice(max(int(box.x0), 0), min(int(np.ceil(box.x1)), width))
            pieces.append((rows, columns, buffer[rows, columns].copy()))
        return cls(stamp_key(ax, fixed), pieces, texts) if pieces else None

    def valid(self, ax):
        """Whether ax still shows these texts as they were taken."""
        return self.key == stamp_key(ax, self.fixed)

    def paste(self, buffer, blank):
        """Paste the texts into buffer -> False when something else was drawn where a
        text goes (buffer is then left as it was)."""
        if not all((buffer[rows, columns] == blank).all() for rows, columns, _ in self.pieces):
            return False
        for rows, columns, pixels in self.pieces:
            buffer[rows, columns] = pixels
        return True


def _other_boxes(ax, renderer, moving):
    """The boxes of what ax draws besides its stamped texts: the axes with its ticks, the
    tick labels and label of the `moving` axis ("x" or "y"), the legend."""
    tick = 5.0 * ax.figure.dpi / 72  # the tick marks, outward on the left and at the bottom
    x0, y0, x1, y1 = ax.bbox.extents
    boxes = [Bbox.from_extents(x0 - tick, y0 - tick, x1 + 1.0, y1 + 1.0)]
    axis = _axis(ax, moving)
    texts = [axis.label, *axis.get_ticklabels()]
    boxes += [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]
    legend = ax.get_legend()
    if legend is not None:
        boxes.append(legend.get_window_extent(renderer))
    return boxes


def pin_xlabel(ax):
    """Keep ax's x label where the last draw put it: matplotlib otherwise measures every
    x tick label at every draw to place it, and an explorer's x axis does not change."""
    label = ax.xaxis.label
    if label.get_transform() is not ax.transAxes:  # placed by matplotlib
        x, y = ax.transAxes.inverted().transform(
            label.get_transform().transform(label.get_position())
        )
        ax.xaxis.set_label_coords(x, y)


def axes_groups(figure, artists):
    """The artists by the axes they belong to, in figure.axes order -> [[artist, ...], ...]
    (each in the order given); None when one of them belongs to no axes of the figure."""
    groups = {id(ax): [] for ax in figure.axes}
    for artist in artists:
        group = groups.get(id(artist.axes))
        if group is None:
            return None
        group.append(artist)
    return list(groups.values())


def within(artist, band, renderer):
    """Whether all that artist draws lies in the columns band = (first, stop): a
    BitmapText (drawn unclipped) or a line left unclipped whose marks lie inside them (with
    a margin for their edges), or an artist clipped to a box inside them.  Other artists
    are not known to: False."""
    lo, hi = band
    if not artist.get_visible():
        return True
    if hasattr(artist, "bitmap"):  # a marks.BitmapText: its box is the bitmap's
        box = artist.get_window_extent(renderer)
        return lo <= box.x0 and box.x1 <= hi - 1
    if artist.get_clip_on() and artist.get_clip_box() is not None:
        box = artist.get_clip_box()
        return lo <= box.x0 and box.x1 <= hi - 1
    if not isinstance(artist, Line2D):
        return False
    xs = artist.get_transform().transform(artist.get_xydata())[:, 0]
    if not xs.size:
        return True
    size = artist.get_markersize() / 2 + artist.get_markeredgewidth() + artist.get_linewidth()
    pad = renderer.points_to_pixels(size) + 2.0
    return bool(lo <= xs.min() - pad and xs.max() + pad <= hi - 1)


def moved(groups):
    """Per band, whether a moving artist of its axes changed since it was drawn (a setter
    marks an artist stale); None without bands (groups None)."""
    if not groups:
        return None
    return [any(artist.stale for artist in group) for group in groups]


def paint(artists, renderer):
    """Draw artists, each then marked as drawn (not stale)."""
    for artist in artists:
        artist.draw(renderer)
        artist.stale = False


def repaint(canvas, background, bands, groups, changed):
    """Over a canvas that holds the last frame, draw again only the bands whose artists
    changed (`changed`, from moved), each over the background -> False when the whole
    canvas must be restored instead."""
    if not changed or all(changed):
        return False
    pixels, buffer = np.asarray(background), np.asarray(canvas.buffer_rgba())
    for (lo, hi), group, again in zip(bands.bands, groups, changed):
        if again:
            buffer[:, lo:hi] = pixels[:, lo:hi]
            paint(group, canvas.get_renderer())
    return True


def contained(canvas, bands, groups):
    """Whether each moving artist was drawn inside its axes' band (see within), so that
    the next frame may draw a band again alone."""
    renderer = canvas.get_renderer()
    return all(
        within(artist, band, renderer)
        for band, group in zip(bands.bands, groups)
        for artist in group
    )
