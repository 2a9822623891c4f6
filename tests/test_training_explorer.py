"""The training explorer, headless: each frame equals a Trainer run by hand, play / step /
reset, a setting changed mid-run starting again cleanly, divergence shown and stopped with
nothing non-finite drawn, and bad arguments named."""

import numpy as np
import pytest

import nnlib
from nnlib.classifier import Trainer, accuracy
from nnlib.datasets import make_dataset, train_validation_split
from nnlib.widgets.training import (
    MAX_FRAMES,
    TrainingExplorer,
    training_explorer,
    updates_per_frame,
)


def expected_run(e):
    """The run the explorer should show, trained here by hand: a fresh split, model and
    Trainer at its settings, given the same number of updates."""
    s = e.state()
    X, y = make_dataset(s["dataset"], seed=s["seed"])
    X_train, y_train, X_val, y_val = train_validation_split(X, y, seed=s["seed"])
    model = nnlib.MLP(
        [2, s["hidden"], int(y.max()) + 1], s["activation"], loss="cross_entropy", seed=s["seed"]
    )
    trainer = Trainer(
        model, X_train, y_train, 10.0 ** s["log10_lr"], s["batch_size"], s["seed"], X_val, y_val
    )
    trainer.run(s["frame"] * updates_per_frame(len(y_train), s["batch_size"]))
    return trainer, (X_train, y_train, X_val, y_val)


def drawn(e):
    """Every array the figure draws: line data, the boundary image, axis limits."""
    arrays = [np.asarray(line.get_xydata(), float) for ax in e.figure.axes for line in ax.lines]
    arrays.append(np.asarray(e.boundary.get_array(), float))
    arrays += [np.array([*ax.get_xlim(), *ax.get_ylim()]) for ax in e.figure.axes]
    return arrays


def check_training_explorer(e):
    """The readout and the curves equal a Trainer run by hand; nothing drawn is NaN."""
    trainer, (X_train, y_train, X_val, y_val) = expected_run(e)
    h = trainer.history
    assert e.values["epoch"] == trainer.epochs and e.values["updates"] == trainer.steps
    assert e.values["training loss"] == pytest.approx(h.epoch_losses[-1], rel=1e-9)
    assert e.values["validation accuracy"] == accuracy(trainer.model, X_val, y_val)
    assert e.values["training accuracy"] == accuracy(trainer.model, X_train, y_train)
    assert ("diverged = yes" in e.readout_text()) == trainer.diverged
    np.testing.assert_allclose(e.val_line.get_ydata(), h.val_accuracy)
    np.testing.assert_allclose(e.train_line.get_ydata(), h.train_accuracy)
    for arr in drawn(e):
        assert np.isfinite(arr).all()


def test_a_new_explorer_shows_epoch_0():
    e = training_explorer()
    assert e.play.value == 0 and e.values["epoch"] == 0 and e.values["updates"] == 0
    assert bytes(e.image.value).startswith(b"\x89PNG")
    check_training_explorer(e)


def test_play_frames_train_and_match_a_run_by_hand():
    e = training_explorer(hidden=6, batch_size=16)
    images = {bytes(e.image.value)}
    for frame in (1, 2, 3, 7):
        e.play.value = frame  # what the Play's ticks do in a kernel
        check_training_explorer(e)
        images.add(bytes(e.image.value))
    assert len(images) == 5
    assert e.values["updates"] == 7 * updates_per_frame(150, 16)


def test_step_and_reset_buttons():
    e = training_explorer()
    e.step_button.click()
    e.step_button.click()
    assert e.play.value == 2
    check_training_explorer(e)
    first = e.values["training loss"]
    e.play.playing = True
    e.reset_button.click()
    assert e.play.value == 0 and not e.play.playing and e.values["updates"] == 0
    check_training_explorer(e)
    e.step()
    e.step()
    assert e.values["training loss"] == first  # a run is the same every time


def test_a_setting_changed_mid_run_starts_again_in_one_redraw():
    e = training_explorer()
    for _ in range(4):
        e.step()
    renders = e.renders
    e.sliders["hidden"].value = 3
    assert e.renders == renders + 1
    assert e.play.value == 0 and e.values["updates"] == 0
    check_training_explorer(e)
    e.dropdowns["dataset"].value = "spirals"
    e.step()
    check_training_explorer(e)
    assert len(e.points[2].get_xdata()) > 0  # the third class is drawn


def test_pause_change_resume_continues_the_new_run():
    e = training_explorer()
    e.play.playing = True
    e.step()
    e.step()
    e.play.playing = False  # pause
    e.sliders["log10_lr"].value = -0.5
    e.play.playing = True  # resume: the ticks go on from the new run's frame 0
    e.play.value += 1
    e.play.value += 1
    assert e.play.value == 2
    check_training_explorer(e)


def test_a_huge_learning_rate_diverges_stops_the_play_and_draws_no_nan():
    e = training_explorer(activation="linear", lr=30.0, batch_size=8)
    e.play.playing = True
    for _ in range(5):
        e.play.value += 1
    assert e.diverged
    assert "diverged = yes" in e.readout_text()
    assert "diverged" in e.ax_data.get_title()
    assert not e.play.playing
    check_training_explorer(e)
    frame = e.play.value
    e.step()  # a diverged run trains no further
    assert e.play.value == frame
    e.reset()
    assert not e.diverged and "diverged" not in e.ax_data.get_title()


def test_the_loss_panel_shows_the_settings_at_epoch_0():
    e = training_explorer()
    before = bytes(e.image.value)
    e.sliders["batch_size"].value = 64
    assert e.setup_label.text.get_text() == "lr 0.1, batch 64"
    assert bytes(e.image.value) != before
    e.sliders["log10_lr"].value = 0.0
    assert e.setup_label.text.get_text() == "lr 1, batch 64"


def test_the_play_stops_at_its_last_frame():
    e = training_explorer(batch_size=256)
    e.play.value = MAX_FRAMES
    e.step()
    assert e.play.value == MAX_FRAMES


def test_compute_is_pure_and_draws_nothing():
    e = training_explorer()
    e.step()
    state = e.state()
    a, b = TrainingExplorer.compute(state), TrainingExplorer.compute(dict(state))
    np.testing.assert_array_equal(a["image"], b["image"])
    assert a["steps"] == b["steps"] == updates_per_frame(150, 32)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"dataset": "blobs"}, "dataset must be one of"),
        ({"hidden": 0}, "hidden must be between 1 and 32"),
        ({"activation": "softmax"}, "activation must be one of"),
        ({"lr": 0.0}, "lr must be between 0.001"),
        ({"lr": "fast"}, "lr must be a number"),
        ({"batch_size": 1.5}, "batch_size must be a whole number"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
    ],
)
def test_bad_arguments_are_named(kwargs, words):
    with pytest.raises((ValueError, TypeError)) as info:
        training_explorer(**kwargs)
    assert words in str(info.value)


def test_frames_drawn_over_the_kept_background_match_the_whole_figure():
    """Frames whose curves pass the x limit (the axis grows) and a divergence (the title
    changes) are drawn over cached backgrounds: each equals the figure drawn from nothing."""
    e = training_explorer(activation="linear", batch_size=8)
    for frame in (1, 11, 12):  # 2, 22 and 24 epochs: the first limit is 20 epochs
        e.play.value = frame
        shown = np.array(e.figure.canvas.buffer_rgba())
        e._backgrounds.clear()
        e._shown = None
        np.testing.assert_array_equal(shown, np.array(e._render()), err_msg=f"frame {frame}")
    e.sliders["log10_lr"].value = e.sliders["log10_lr"].max
    e.play.value = 3
    assert e.diverged
    shown = np.array(e.figure.canvas.buffer_rgba())
    e._backgrounds.clear()
    e._shown = None
    np.testing.assert_array_equal(shown, np.array(e._render()))
