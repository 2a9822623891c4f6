"""The course's notebooks, by file stem in reading order, as the tests expect them."""

NOTEBOOKS = (
    "00_start_here",
    "01_neuron",
    "02_activations",
    "03_losses",
    "04_forward_pass",
    "05_chain_rule",
    "06_backward_pass",
    "07_numerical_vs_analytic",
    "08_gradient_descent",
    "09_training_a_classifier",
    "10_vanishing_gradients",
    "11_from_backprop_to_autograd",
)
