"""Explorers: sliders that redraw a figure and a readout of numbers at once.

Each explorer is one ipywidgets widget (a VBox) with three handles:
  .sliders  dict name -> slider widget (plus .dropdowns for the choices),
  .readout  an HTML widget whose .value holds every number the figure shows,
  .figure   the matplotlib Figure, created once and updated in place.
The figure is drawn by matplotlib's Agg renderer into PNG bytes shown by an
ipywidgets.Image, so only the standard ipywidgets front-end is needed (JupyterLab,
Notebook 7, VS Code, Voila).  Updates are synchronous: when `slider.value = v`
returns, the image and the readout show v.  All math comes from nnlib.
Displayed, an explorer also carries a still picture (image/png: the figure with the
readout beneath it) and the readout as text/plain, which is what a page without a
kernel shows (GitHub, nbviewer, an HTML export).

One frame is explorer.compute(explorer.state()) (numbers, no figure), then
explorer.draw(numbers) (artists moved) and explorer.lines(numbers) (the readout).
"""

from ..article import CLASS_TABLE, CLASSES  # the source's five-class table
from .activation import ActivationExplorer, activation_explorer
from .autograd import AutogradExplorer, autograd_explorer
from .axes import CLIP, finite, fitted_range, nice_limit, nice_range
from .bars import Bars
from .base import ELEMENTWISE, EXPLORER_DPI, TITLE_SIZE, Explorer
from .depth import DepthExplorer, depth_explorer
from .finite_difference import FiniteDifferenceExplorer, finite_difference_explorer
from .gradient_descent import GradientDescentExplorer, gradient_descent_explorer
from .loss import LossExplorer, loss_explorer
from .neuron import NeuronExplorer, neuron_explorer
from .png import (
    READOUT_FONT,
    READOUT_LINE_SPACING,
    READOUT_PAD,
    READOUT_RULE,
    paletted_png,
    png_bytes,
    readout_image,
    wrap_readout,
)
from .stepper import BackpropStepper, backprop_stepper
from .training import TrainingExplorer, training_explorer
from .weight import WeightExplorer, weight_explorer
from .worksheet import BackpropWorksheet, backprop_worksheet

# Every function that builds an explorer, in the course's order of use.
BUILDERS = (
    "neuron_explorer",
    "activation_explorer",
    "backprop_stepper",
    "backprop_worksheet",
    "loss_explorer",
    "weight_explorer",
    "backprop_stepper",
    "backprop_worksheet",
    "finite_difference_explorer",
    "gradient_descent_explorer",
    "training_explorer",
    "depth_explorer",
    "autograd_explorer",
)

__all__ = [
    "BUILDERS",
    "CLASS_TABLE",
    "CLASSES",
    "CLIP",
    "ELEMENTWISE",
    "EXPLORER_DPI",
    "READOUT_FONT",
    "READOUT_LINE_SPACING",
    "READOUT_PAD",
    "READOUT_RULE",
    "TITLE_SIZE",
    "ActivationExplorer",
    "AutogradExplorer",
    "BackpropStepper",
    "BackpropWorksheet",
    "Bars",
    "DepthExplorer",
    "Explorer",
    "FiniteDifferenceExplorer",
    "GradientDescentExplorer",
    "LossExplorer",
    "NeuronExplorer",
    "TrainingExplorer",
    "WeightExplorer",
    "activation_explorer",
    "autograd_explorer",
    "backprop_stepper",
    "backprop_worksheet",
    "depth_explorer",
    "finite",
    "fitted_range",
    "finite_difference_explorer",
    "gradient_descent_explorer",
    "loss_explorer",
    "neuron_explorer",
    "nice_limit",
    "nice_range",
    "paletted_png",
    "png_bytes",
    "readout_image",
    "weight_explorer",
    "wrap_readout",
    "training_explorer",
]
