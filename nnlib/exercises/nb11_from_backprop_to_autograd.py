"""Exercises of 11_from_backprop_to_autograd.ipynb: the local backward of a new operation,
softplus, written as a function; and a gradient by hand through a Value used twice, where
backward() adds the contributions of both paths."""

from ..activations import sigmoid
from ..autograd import Value
from .engine import Exercise, Mistake

NOTEBOOK = "11_from_backprop_to_autograd"
A, B = 1.5, -0.4  # the inputs of grad_through_two_paths


def _softplus_backward(x, dout):
    """dout * d softplus(x)/dx, by Value: softplus(x) = log(1 + exp(x))."""
    v = Value(x)
    out = (v.exp() + 1.0).log()
    out.backward()
    return dout * v.grad


def _softplus_cases():
    return ((0.0, 1.0), (2.0, 0.5), (-1.5, -2.0), (3.0, 1.0), (-0.25, 0.75))


def _two_paths():
    """dL/da for L = (a b + a)^2 at a = A, b = B, by Value's backward()."""
    a, b = Value(A, "a"), Value(B, "b")
    L = (a * b + a) ** 2
    L.backward()
    return a.grad


def _d(a=A, b=B):
    """d = a b + a, the value L squares."""
    return a * b + a


EXERCISES = (
    Exercise(
        "softplus_backward",
        NOTEBOOK,
        kind="function",
        returns="number",
        what="x's share of the gradient, dout * d softplus(x)/dx",
        signature="my_softplus_backward(x, dout)",
        params=("x", "dout"),
        cases=_softplus_cases,
        hint="differentiate log(1 + exp(x)) by the chain rule: the log's derivative "
        "1 / (1 + exp(x)) times exp(x); then multiply by the upstream gradient dout",
        answer=_softplus_backward,
        correct_note="d softplus(x)/dx = exp(x) / (1 + exp(x)) = sigmoid(x): softplus is a "
        "smooth relu whose slope is the sigmoid.",
        mistakes=(
            Mistake(
                "dout is missing: the local derivative must be multiplied by the upstream "
                "gradient dout (the chain rule)",
                lambda x, dout: float(sigmoid(x)),
            ),
            Mistake(
                "that is softplus(x) itself times dout, the forward value; backward needs "
                "its derivative",
                lambda x, dout: dout * float(_softplus_value(x)),
            ),
            Mistake(
                "that is sigmoid'(x) = sigmoid(x)(1 - sigmoid(x)), one derivative too many: "
                "the derivative of softplus is sigmoid(x) itself",
                lambda x, dout: dout * float(sigmoid(x) * (1 - sigmoid(x))),
            ),
            Mistake(
                "that is 1 / (1 + exp(x)) = sigmoid(-x), the log's derivative alone: the "
                "chain rule multiplies it by exp(x), the derivative of the inside",
                lambda x, dout: dout * float(sigmoid(-x)),
            ),
            Mistake(
                "that is exp(x) times dout, the inside's derivative alone: divide by "
                "1 + exp(x), the log's derivative",
                lambda x, dout: dout * float(_exp(x)),
            ),
        ),
    ),
    Exercise(
        "grad_through_two_paths",
        NOTEBOOK,
        kind="value",
        returns="number",
        what="dL/da at a = 1.5, b = -0.4",
        hint="a reaches L by two paths, through e = a * b and directly into d = e + a; "
        "dL/dd = 2d, and dL/da adds both paths: 2d * (b + 1)",
        answer=_two_paths,
        mistakes=(
            Mistake(
                "that is the path through e = a * b alone; a also goes into d directly, and "
                "backward() adds both: dL/da = 2d * b + 2d * 1",
                lambda: 2 * _d() * B,
            ),
            Mistake(
                "that is the direct path into d alone; a also reaches d through e = a * b, "
                "and backward() adds both: dL/da = 2d * b + 2d * 1",
                lambda: 2 * _d(),
            ),
            Mistake(
                "half of dL/da: the derivative of d^2 is 2d, not d",
                lambda: _d() * (B + 1),
            ),
            Mistake(
                "that is dL/db = 2d * a, the gradient of the other input",
                lambda: 2 * _d() * A,
            ),
        ),
    ),
)


def _exp(x):
    return Value(x).exp().data


def _softplus_value(x):
    return (Value(x).exp() + 1.0).log().data
