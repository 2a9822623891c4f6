"""nnlib: the math of Backprop by Hand.

Activations and losses (with their derivatives and registries), layers as
forward/backward pairs, the article's SeedNetwork, a general MLP, gradient checking
and gradient descent.  The backward pass step by step, plots, widgets and exercises, the
datasets and training on them, deep networks' gradients and the scalar autograd are
submodules imported on use: ``nnlib.backprop``, ``nnlib.plots``, ``nnlib.widgets``,
``nnlib.exercises``, ``nnlib.datasets``, ``nnlib.classifier``, ``nnlib.depth``,
``nnlib.autograd``; importing nnlib itself loads only numpy.
"""

import importlib

from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    leaky_relu,
    leaky_relu_prime,
    linear,
    linear_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    softmax,
    softmax_prime,
    tanh,
    tanh_prime,
)
from .gradcheck import GradCheckReport, gradient_check, numerical_gradient, rel_error
from .layers import (
    ActivationCache,
    AffineCache,
    Layer,
    LayerCache,
    LayerGradients,
    activation_backward,
    activation_forward,
    affine_backward,
    affine_forward,
    backward_layers,
    forward_layers,
)
from .losses import (
    LOSSES,
    PROB_CLIP,
    Loss,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    categorical_cross_entropy_with_logits,
    categorical_cross_entropy_with_logits_grad,
    get_loss,
    mse,
    mse_grad,
)
from .network import (
    ARTICLE_WEIGHTS,
    ARTICLE_X,
    ARTICLE_Y,
    MLP,
    WEIGHT_NAMES,
    Chain,
    Factor,
    SeedNetwork,
    SeedTrace,
)
from .train import History, sgd_step, train

__version__ = "0.1.0"

# Submodules imported on first use (nnlib.plots, ...): each is a module of this package.
_LAZY = (
    "backprop",
    "plots",
    "widgets",
    "exercises",
    "datasets",
    "classifier",
    "depth",
    "autograd",
)


def __getattr__(name):
    """The submodules in _LAZY (nnlib.backprop, nnlib.plots, ...) on first use;
    AttributeError for any other name, so hasattr(nnlib, name) is False for a name nnlib
    does not have."""
    if name in _LAZY:
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise  # the submodule exists; something it imports is missing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
