"""Check-yourself exercises with automatic feedback.

EXERCISES maps a name to an Exercise: the notebook that asks it, its kind ("value": the
learner types a number or an array; "function": the learner writes a small function),
a hint, the correct answer computed with nnlib, and the typical mistakes, each a
computed wrong answer with the message that explains it.  check(name, answer) compares
an answer with all of them and returns a Feedback whose printed form is the message:

    def my_sigmoid_prime(z):
        ...  # your code here
    exercises.check("sigmoid_prime", my_sigmoid_prime)

A learner's function is called on a few fixed inputs (arrays and edge cases); whatever
it raises is reported, never re-raised.  Answers left as ``...`` give "not answered
yet" and the hint.  Used by every notebook's "Check yourself" section.
"""

import copy
import warnings
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._check import describe
from .activations import sigmoid, sigmoid_prime, tanh, tanh_prime
from .gradcheck import numerical_gradient
from .layers import affine_forward
from .losses import categorical_cross_entropy, mse, mse_grad
from .network import ARTICLE_X, ARTICLE_Y, MLP, SeedNetwork
from .train import sgd_step

KINDS = ("value", "function")
FEEDBACK_KINDS = ("correct", "mistake", "wrong", "unanswered", "error")


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of check(): ok is True only for a correct answer; kind is one of
    "correct", "mistake" (a known typical mistake), "wrong", "unanswered", "error"
    (the learner's function raised).  Printing it (or leaving it as a cell's last
    expression) shows the message."""
    ok: bool
    kind: str
    message: str

    def __repr__(self):
        return self.message

    __str__ = __repr__


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and what to say about it.  wrong: for a value exercise a
    function of no arguments returning the wrong value; for a function exercise a
    function with the same arguments as the learner's."""
    message: str
    wrong: Callable


@dataclass(frozen=True)
class Exercise:
    """One exercise.  answer: for kind "value" a function of no arguments computing the
    correct value with nnlib; for kind "function" a reference function taking the
    arguments named in params.  cases: the argument tuples a learner's function is
    called with.  form: what an answer looks like, for messages ("a whole number").
    rtol/atol: how close a number must be to count as equal."""
    name: str
    notebook: str
    kind: str
    hint: str
    answer: Callable
    mistakes: tuple
    form: str
    params: tuple = ()
    cases: tuple = ()
    correct_note: str = ""
    rtol: float = 1e-6
    atol: float = 1e-9

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind == "function" and not self.cases:
            raise ValueError(f"exercise {self.name!r} is a function exercise, so it needs "
                             f"cases to call the learner's function with")

    def expected(self):
        """The correct value (value kind) or the list of correct outputs, one per case."""
        with _quiet():
            if self.kind == "value":
                return self.answer()
            return [self.answer(*_fresh(args)) for args in self.cases]


class _Labeled:
    """A function with a readable repr, used as an input in exercises' test cases."""

    def __init__(self, label, fn):
        self.label, self.fn = label, fn

    def __call__(self, x):
        return self.fn(x)

    def __repr__(self):
        return self.label


class _quiet:
    """Silence floating-point warnings while answers and mistakes are evaluated."""

    def __enter__(self):
        self._err = np.errstate(all="ignore")
        self._err.__enter__()
        self._warn = warnings.catch_warnings()
        self._warn.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self._warn.__exit__(*exc)
        self._err.__exit__(*exc)
        return False


def _fresh(args):
    """A deep copy of a case's arguments, so a function that changes its inputs in place
    cannot change the next call's."""
    return tuple(copy.deepcopy(a) if isinstance(a, (np.ndarray, list)) else a for a in args)


def _unanswered(value):
    return value is None or value is Ellipsis


def _as_numbers(value):
    """value as a float array, or None when it is not numbers."""
    if isinstance(value, (str, bytes, dict, set)) or callable(value) or _unanswered(value):
        return None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def _same_shape(got, expected):
    return got.size == expected.size and np.squeeze(got).shape == np.squeeze(expected).shape


def _close(got, expected, rtol, atol):
    if not _same_shape(got, expected):
        return False
    g, e = np.squeeze(got), np.squeeze(expected)
    with _quiet():
        return bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))


def _shape_words(arr):
    if arr.size == 1:
        return "a single number"
    return f"an array of shape {arr.shape}"


def _show(value):
    """A short, stable description of an argument or a result for a message."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"{value.item():.6g}"
        return np.array2string(value, precision=4, separator=", ", threshold=8, edgeitems=3)
    if isinstance(value, (float, np.floating)):
        return f"{value:.6g}"
    return repr(value)


def _call_text(ex, args):
    return ", ".join(f"{p} = {_show(a)}" for p, a in zip(ex.params, args))


def _with_hint(text, ex):
    return f"{text}\nHint: {ex.hint}"


def _check_value(ex, answer):
    if callable(answer):
        return Feedback(False, "wrong", _with_hint(
            f"Not yet: this exercise asks for a value ({ex.form}), not a function: "
            f"compute the value and pass it to check()", ex))
    got = _as_numbers(answer)
    expected = np.asarray(ex.expected(), dtype=np.float64)
    if got is None:
        return Feedback(False, "wrong", _with_hint(
            f"Not yet: the answer should be {ex.form}, but it is {describe(answer)}", ex))
    if not _same_shape(got, expected):
        return Feedback(False, "wrong", _with_hint(
            f"Not yet: the answer should be {ex.form}, but it is {_shape_words(got)}", ex))
    if _close(got, expected, ex.rtol, ex.atol):
        return Feedback(True, "correct", f"Correct! {ex.correct_note}".rstrip())
    for m in ex.mistakes:
        with _quiet():
            wrong = np.asarray(m.wrong(), dtype=np.float64)
        if _close(got, wrong, ex.rtol, ex.atol):
            return Feedback(False, "mistake", f"Not yet: {m.message}.")
    if ex.rtol > 0 and _close(got, expected, 1e-2, 0.0):
        return Feedback(False, "wrong", _with_hint(
            "Not yet: close, but not exact; keep full precision (did you round an "
            "intermediate value?)", ex))
    return Feedback(False, "wrong", _with_hint(
        f"Not yet: {_show(np.squeeze(got))} is not the value asked for", ex))


def _check_function(ex, answer):
    if not callable(answer):
        return Feedback(False, "wrong", _with_hint(
            f"Not yet: this exercise asks for a function, {ex.form}; you passed "
            f"{describe(answer)}", ex))
    outputs = []
    for k, args in enumerate(ex.cases):
        try:
            with _quiet():
                out = answer(*_fresh(args))
        except Exception as err:  # the learner's code: report, never raise
            return Feedback(False, "error", _with_hint(
                f"Your function raised {type(err).__name__}: {err}\n"
                f"(called with {_call_text(ex, args)})", ex))
        if _unanswered(out):
            if k == 0:
                return Feedback(False, "unanswered", _with_hint(
                    "not answered yet: your function returns nothing so far; write its "
                    "body and return the result", ex))
            return Feedback(False, "wrong", _with_hint(
                f"Not yet: your function returned nothing (did you forget `return`?) when "
                f"called with {_call_text(ex, args)}", ex))
        got = _as_numbers(out)
        if got is None:
            return Feedback(False, "wrong", _with_hint(
                f"Not yet: your function should return {ex.form.split(' returning ')[-1]}, "
                f"but it returned {describe(out)} (called with {_call_text(ex, args)})", ex))
        outputs.append(got)
    expected = [np.asarray(e, dtype=np.float64) for e in ex.expected()]
    failing = [(args, g, e) for args, g, e in zip(ex.cases, outputs, expected)
               if not _close(g, e, ex.rtol, ex.atol)]
    if not failing:
        return Feedback(True, "correct", f"Correct! {ex.correct_note}".rstrip())
    for m in ex.mistakes:
        with _quiet():
            wrong = [np.asarray(m.wrong(*_fresh(args)), dtype=np.float64) for args in ex.cases]
        if all(_close(g, w, ex.rtol, ex.atol) for g, w in zip(outputs, wrong)):
            return Feedback(False, "mistake", f"Not yet: {m.message}.")
    args, g, e = failing[0]
    if not _same_shape(g, e):
        return Feedback(False, "wrong", _with_hint(
            f"Not yet: for {_call_text(ex, args)} your function returned {_shape_words(g)}; "
            f"it should return {_shape_words(e)}", ex))
    return Feedback(False, "wrong", _with_hint(
        f"Not yet: for {_call_text(ex, args)} your function returned "
        f"{_show(np.squeeze(g))}; the correct result is {_show(np.squeeze(e))}", ex))


def check(name, answer=...):
    """Compare answer with exercise name's correct answer and typical mistakes.
    -> Feedback (prints as its message).  Never raises because of the answer; raises
    ValueError for an unknown exercise name."""
    ex = get_exercise(name)
    if _unanswered(answer):
        return Feedback(False, "unanswered", _with_hint("not answered yet", ex))
    if ex.kind == "value":
        return _check_value(ex, answer)
    return _check_function(ex, answer)


def get_exercise(name):
    """The registry entry for name; ValueError listing the exercises otherwise."""
    if not isinstance(name, str):
        raise TypeError(f"name must be an exercise name (a string), got {describe(name)}")
    if name not in EXERCISES:
        raise ValueError(f"name must be one of the exercises {', '.join(EXERCISES)}, "
                         f"got {name!r}")
    return EXERCISES[name]


def for_notebook(notebook):
    """The exercises a notebook asks, in order, e.g. for_notebook("02_activations")."""
    return [ex for ex in EXERCISES.values() if ex.notebook == notebook]


# --- helpers the answers are computed with ---------------------------------------

def _seed_params(bias):
    return MLP([2, 3, 1], "sigmoid", "mse", bias=bias).params


def _layer_out(x, w, b):
    """z = w.x + b for one neuron, through nnlib's affine layer."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    z, _ = affine_forward(x[None, :], w[:, None], np.array([float(b)]))
    return float(z[0, 0])


def _seed_forward(x, W1, W2):
    net = SeedNetwork()
    net.params[0][...] = np.asarray(W1, dtype=np.float64)
    net.params[1][...] = np.asarray(W2, dtype=np.float64).reshape(3, 1)
    return net.forward(x)


def _article():
    return SeedNetwork().forward(ARTICLE_X, ARTICLE_Y)


def _chain(name):
    return SeedNetwork().chain_rule(name, ARTICLE_X, ARTICLE_Y)


def _factor(name, label_start):
    return next(f.value for f in _chain(name) if f.label.startswith(label_start))


def _sgd_once(w, grad, lr):
    w = np.array(w, dtype=np.float64)
    return sgd_step([w], [np.array(grad, dtype=np.float64)], lr)[0]


def _new_w11(lr, grad_scale=1.0, sign=1.0):
    net = SeedNetwork()
    grad = net.gradients(ARTICLE_X, ARTICLE_Y)["w11"]
    return net["w11"] - sign * lr * grad_scale * grad


def _count_passes(n_weights, method):
    calls = []

    def f(w):
        calls.append(1)
        return float(np.sum(w))

    numerical_gradient(f, np.zeros(int(n_weights)), 1e-3, method)
    return len(calls)


def _ce_row(p, target):
    p = np.asarray(p, dtype=np.float64)
    return categorical_cross_entropy(p[None, :], np.array([int(target)]))


# The five rows of the cross-entropy table in 03_losses (Dog, Cat, Cow, Hen, Rat).
_TABLE = np.array([[0.88, 0.02, 0.04, 0.04, 0.02],
                   [0.26, 0.21, 0.17, 0.18, 0.18],
                   [0.01, 0.01, 0.96, 0.01, 0.01],
                   [0.14, 0.09, 0.01, 0.57, 0.19],
                   [0.21, 0.02, 0.05, 0.17, 0.55]])

_rng = np.random.default_rng(20211104)
_Z_CASES = ((0.0,), (np.linspace(-4.0, 4.0, 9),), (_rng.normal(0.0, 2.0, (2, 3)),),
            (np.array([-20.0, 20.0]),))
_X1, _W1 = np.array([1.0, 2.0]), _rng.normal(0.0, 1.0, (2, 3))
_ARTICLE_W1, _ARTICLE_W2 = (p.copy() for p in SeedNetwork().params)
_SIN = _Labeled("sin", np.sin)
_CUBE = _Labeled("lambda x: x**3", lambda x: x ** 3)
_EXP = _Labeled("exp", np.exp)
_SIGMOID = _Labeled("sigmoid", lambda x: 1.0 / (1.0 + np.exp(-x)))
_SIGN_FLIP = "sign flipped: that step goes uphill; subtract lr times the gradient"
_HALF = "off by a factor of 2: did you differentiate (y_hat - y)^2 as if it were (y_hat - y)?"


EXERCISES = {ex.name: ex for ex in (
    # 00_start_here -------------------------------------------------------------
    Exercise(
        "count_weights", "00_start_here", "value",
        hint="every input connects to every hidden node, and every hidden node to the output; "
             "each connection has one weight",
        answer=lambda: sum(p.size for p in _seed_params(False)),
        form="a whole number",
        correct_note="2 x 3 connections into the hidden layer plus 3 x 1 into the output.",
        rtol=0.0, atol=0.0,
        mistakes=(
            Mistake("that counts only the weights from the inputs to the hidden layer (2 x 3); "
                    "the hidden-to-output weights count too", lambda: _seed_params(False)[0].size),
            Mistake("that counts only the weights into the output node; add those from the "
                    "inputs to the hidden layer", lambda: _seed_params(False)[1].size),
            Mistake("you added layer sizes; connections multiply: every input meets every "
                    "hidden node", lambda: sum(MLP([2, 3, 1]).sizes[:2])),
            Mistake("that includes biases, but the article's network has none",
                    lambda: MLP([2, 3, 1], bias=True).n_params),
        )),
    Exercise(
        "count_params_with_biases", "00_start_here", "value",
        hint="a bias belongs to each node that computes a weighted sum: the hidden nodes and "
             "the output node, not the inputs",
        answer=lambda: MLP([2, 3, 1], bias=True).n_params,
        form="a whole number",
        correct_note="9 weights plus one bias for each of the 3 hidden nodes and the output.",
        rtol=0.0, atol=0.0,
        mistakes=(
            Mistake("that is the weights alone; add one bias per hidden and output node",
                    lambda: MLP([2, 3, 1], bias=False).n_params),
            Mistake("inputs have no bias: only nodes that compute a weighted sum get one",
                    lambda: MLP([2, 3, 1], bias=True).n_params + 2),
            Mistake("you gave biases to the hidden nodes only; the output node has one too",
                    lambda: MLP([2, 3, 1], bias=False).n_params + 3),
            Mistake("that is one bias per layer; each node has its own",
                    lambda: MLP([2, 3, 1], bias=False).n_params + 2),
        )),
    # 01_neuron -----------------------------------------------------------------
    Exercise(
        "weighted_sum", "01_neuron", "value",
        hint="z = w1 x1 + w2 x2 + b; mind the sign of x2",
        answer=lambda: _layer_out([2.0, -1.0], [0.5, 0.25], 0.1),
        form="a number",
        mistakes=(
            Mistake("the bias b is missing: z = w.x + b",
                    lambda: _layer_out([2.0, -1.0], [0.5, 0.25], 0.0)),
            Mistake("the bias is added, not subtracted: z = w.x + b",
                    lambda: _layer_out([2.0, -1.0], [0.5, 0.25], -0.1)),
            Mistake("the sign of x2 got lost: x2 = -1, so its term w2 x2 is negative",
                    lambda: _layer_out([2.0, 1.0], [0.5, 0.25], 0.1)),
            Mistake("that is the activation sigma(z); the weighted sum z comes before it",
                    lambda: float(sigmoid(_layer_out([2.0, -1.0], [0.5, 0.25], 0.1)))),
        )),
    Exercise(
        "neuron_output", "01_neuron", "function",
        hint="two steps, as in the neuron above: the weighted sum of the inputs plus the bias, "
             "then the activation applied to that sum",
        answer=lambda x, w, b: float(sigmoid(_layer_out(x, w, b))),
        form="my_neuron(x, w, b) returning a single number",
        params=("x", "w", "b"),
        cases=((np.array([2.0, -1.0]), np.array([0.5, 0.25]), 0.1),
               (np.array([1.0, 1.0, 1.0]), np.array([-1.0, 0.5, 0.2]), 0.0),
               (np.array([0.0, 0.0]), np.array([3.0, -2.0]), -1.5),
               (np.array([3.0]), np.array([2.0]), 1.0)),
        mistakes=(
            Mistake("you returned the weighted sum z; pass it through the sigmoid",
                    lambda x, w, b: _layer_out(x, w, b)),
            Mistake("the bias is missing: sigma(w.x + b)",
                    lambda x, w, b: float(sigmoid(_layer_out(x, w, 0.0)))),
            Mistake("that is tanh; this neuron uses the sigmoid 1 / (1 + e^(-z))",
                    lambda x, w, b: float(tanh(_layer_out(x, w, b)))),
            Mistake("sign error in the exponent: sigma(z) = 1 / (1 + e^(-z))",
                    lambda x, w, b: float(sigmoid(-_layer_out(x, w, b)))),
            Mistake("you returned one value per input; add up the products w_i x_i (and b) "
                    "into one z before the sigmoid",
                    lambda x, w, b: sigmoid(np.asarray(w) * np.asarray(x) + b)),
        )),
    # 02_activations ------------------------------------------------------------
    Exercise(
        "sigmoid_prime", "02_activations", "function",
        hint="the derivation above writes sigma'(z) with sigma(z) itself: compute sigma(z) "
             "once and build the derivative from it",
        answer=lambda z: sigmoid_prime(z),
        form="my_sigmoid_prime(z) returning an array shaped like z",
        params=("z",), cases=_Z_CASES,
        mistakes=(
            Mistake("your derivative is missing the (1 - sigma) factor: that is sigma(z) "
                    "itself", lambda z: sigmoid(z)),
            Mistake("your derivative is missing the sigma factor: sigma'(z) = "
                    "sigma(z)(1 - sigma(z))", lambda z: 1.0 - sigmoid(z)),
            Mistake("you applied s(1 - s) to z itself; s must be sigma(z)",
                    lambda z: np.asarray(z) * (1.0 - np.asarray(z))),
            Mistake("sign flipped: the sigmoid only rises, so its slope is positive",
                    lambda z: -sigmoid_prime(z)),
        )),
    Exercise(
        "tanh_prime", "02_activations", "function",
        hint="like sigma', the derivative of tanh can be written with tanh(z) itself; np.tanh "
             "computes tanh",
        answer=lambda z: tanh_prime(z),
        form="my_tanh_prime(z) returning an array shaped like z",
        params=("z",), cases=_Z_CASES,
        mistakes=(
            Mistake("you used z where tanh(z) belongs: tanh'(z) = 1 - tanh(z)^2",
                    lambda z: 1.0 - np.asarray(z) ** 2),
            Mistake("that is tanh(z) itself, not its slope", lambda z: tanh(z)),
            Mistake("the square is missing: 1 - tanh(z)^2", lambda z: 1.0 - tanh(z)),
            Mistake("sign flipped: tanh only rises, so its slope is positive",
                    lambda z: -tanh_prime(z)),
            Mistake("that is the sigmoid's derivative; tanh's is 1 - tanh(z)^2",
                    lambda z: sigmoid_prime(z)),
        )),
    # 03_losses -----------------------------------------------------------------
    Exercise(
        "mse_grad", "03_losses", "function",
        hint="differentiate (y_hat_i - y_i)^2 / n with respect to y_hat_i; n = y_hat.size",
        answer=lambda y_hat, y: mse_grad(y_hat, y),
        form="my_mse_grad(y_hat, y) returning an array shaped like y_hat",
        params=("y_hat", "y"),
        cases=((np.array([1.5]), np.array([0.0])),
               (np.array([0.2, 0.8, 0.5]), np.array([0.0, 1.0, 1.0])),
               (np.array([1.0, -2.0, 3.0, 0.5]), np.array([1.0, 2.0, 0.0, 0.5])),
               (np.array([[0.1, 0.4, 0.9], [2.0, -1.0, 0.0]]), np.zeros((2, 3)))),
        mistakes=(
            Mistake(_HALF + " The power rule brings down a 2",
                    lambda y_hat, y: mse_grad(y_hat, y) / 2.0),
            Mistake("the 1/n of the mean is missing: each prediction's share is "
                    "2(y_hat - y) / n", lambda y_hat, y: mse_grad(y_hat, y) * np.size(y_hat)),
            Mistake("sign flipped: the derivative with respect to y_hat is "
                    "2(y_hat - y) / n, not 2(y - y_hat) / n", lambda y_hat, y: -mse_grad(y_hat, y)),
            Mistake("that is each prediction's share of the loss, not its derivative",
                    lambda y_hat, y: mse(y_hat, y, reduction="none") / np.size(y_hat)),
            Mistake("you returned one number; the gradient has one entry per prediction",
                    lambda y_hat, y: np.sum(mse_grad(y_hat, y))),
        )),
    Exercise(
        "cross_entropy_row", "03_losses", "function",
        hint="y is one-hot, so in the sum over classes only the true class's term is left; "
             "cross-entropy uses the natural log",
        answer=_ce_row,
        form="my_cross_entropy(p, target) returning a single number",
        params=("p", "target"),
        cases=tuple((row, k) for k, row in enumerate(_TABLE))
        + ((np.full(4, 0.25), 2), (np.array([0.0, 1.0, 0.0]), 1)),
        mistakes=(
            Mistake("sign flipped: ln p is negative for p < 1, so the loss is -ln p[target]",
                    lambda p, target: -_ce_row(p, target)),
            Mistake("wrong logarithm: cross-entropy uses the natural log (np.log), not log10",
                    lambda p, target: _ce_row(p, target) / np.log(10.0)),
            Mistake("wrong logarithm: cross-entropy uses the natural log (np.log), not log2",
                    lambda p, target: _ce_row(p, target) / np.log(2.0)),
            Mistake("you summed -ln p over every class; only the true class's probability "
                    "counts (the target is one-hot)",
                    lambda p, target: -np.sum(np.log(p))),
            Mistake("you always used the first class; use p[target]",
                    lambda p, target: -np.log(p[0])),
        )),
    # 04_forward_pass -----------------------------------------------------------
    Exercise(
        "hidden_preactivations", "04_forward_pass", "value",
        hint="h1j = x1 w1j + x2 w2j with x = (1, 2), for j = 1, 2, 3 (x @ W1 does all three)",
        answer=lambda: SeedNetwork().forward((1.0, 2.0))["h"],
        form="three numbers (h11, h12, h13)",
        mistakes=(
            Mistake("those are the activations a1j = sigma(h1j); the pre-activations come "
                    "before the sigmoid", lambda: SeedNetwork().forward((1.0, 2.0))["a"]),
            Mistake("that is h at x = (1, 1); this exercise uses x = (1, 2)",
                    lambda: SeedNetwork().forward((1.0, 1.0))["h"]),
            Mistake("you swapped x1 and x2: w1j multiplies x1 = 1 and w2j multiplies x2 = 2",
                    lambda: SeedNetwork().forward((2.0, 1.0))["h"]),
        )),
    Exercise(
        "forward_y_hat", "04_forward_pass", "function",
        hint="a = sigmoid(x @ W1) gives the three hidden activations; y_hat = a @ W2 (no "
             "activation at the output)",
        answer=lambda x, W1, W2: _seed_forward(x, W1, W2)["y_hat"],
        form="my_forward(x, W1, W2) returning a single number",
        params=("x", "W1", "W2"),
        cases=((np.array(ARTICLE_X), _ARTICLE_W1, _ARTICLE_W2[:, 0]),
               (np.array(ARTICLE_X), _ARTICLE_W1, _ARTICLE_W2),
               (_X1, _ARTICLE_W1, _ARTICLE_W2[:, 0]),
               (np.array([-1.0, 0.5]), _W1, _rng.normal(0.0, 1.0, (3, 1)))),
        mistakes=(
            Mistake("your output node applies the sigmoid; in this network it is linear: "
                    "y_hat = w31 a11 + w32 a12 + w33 a13",
                    lambda x, W1, W2: float(sigmoid(_seed_forward(x, W1, W2)["y_hat"]))),
            Mistake("the hidden sigmoid is missing: a1j = sigma(h1j) must come before the "
                    "output sum",
                    lambda x, W1, W2: float(_seed_forward(x, W1, W2)["h"]
                                            @ np.ravel(W2))),
            Mistake("you summed the hidden activations without their weights w31, w32, w33",
                    lambda x, W1, W2: float(np.sum(_seed_forward(x, W1, W2)["a"]))),
        )),
    # 05_chain_rule -------------------------------------------------------------
    Exercise(
        "dC_dy_hat", "05_chain_rule", "value",
        hint="C = (y_hat - y)^2, so dC/dy_hat = 2(y_hat - y); compute y_hat with "
             "SeedNetwork().forward()",
        answer=lambda: _factor("w11", "dC/dy_hat"),
        form="a number",
        mistakes=(
            Mistake(_HALF, lambda: _factor("w11", "dC/dy_hat") / 2.0),
            Mistake("sign flipped: dC/dy_hat = 2(y_hat - y), and y_hat is above y here",
                    lambda: -_factor("w11", "dC/dy_hat")),
            Mistake("that is the loss C itself; its derivative is 2(y_hat - y)",
                    lambda: _article()["loss"]),
            Mistake("that uses the activations rounded to two decimals, as the book prints "
                    "them; compute with the exact values",
                    lambda: 2.0 * (float(np.round(_article()["a"], 2)
                                         @ SeedNetwork().params[1][:, 0]) - ARTICLE_Y)),
        )),
    Exercise(
        "dC_dw12", "05_chain_rule", "value",
        hint="w12 feeds hidden node 2: dC/dw12 = dC/dy_hat * dy_hat/da12 * da12/dh12 * "
             "dh12/dw12 = 2(y_hat - y) * w32 * a12(1 - a12) * x1",
        answer=lambda: _chain("w12").product,
        form="a number",
        mistakes=(
            Mistake("your derivative is missing the sigma(1 - sigma) factor "
                    "da12/dh12 = a12(1 - a12)",
                    lambda: _chain("w12").product / _factor("w12", "da12/dh12")),
            Mistake("you multiplied by a12; the sigmoid's slope is a12(1 - a12)",
                    lambda: _chain("w12").product / _factor("w12", "da12/dh12")
                    * _article()["a"][1]),
            Mistake(_HALF, lambda: _chain("w12").product / 2.0),
            Mistake("sign flipped: every factor here is positive",
                    lambda: -_chain("w12").product),
            Mistake("that is dC/dw11 (equal to dC/dw21 at x = (1, 1)); w12 leads to hidden "
                    "node 2, so the path goes through a12 and w32",
                    lambda: _chain("w11").product),
        )),
    # 06_numerical_vs_analytic --------------------------------------------------
    Exercise(
        "central_difference", "06_numerical_vs_analytic", "function",
        hint="evaluate f at two points, one eps on each side of x, and divide the change in f "
             "by the distance between those points",
        answer=lambda f, x, eps: float(numerical_gradient(f, x, eps, "central")),
        form="my_central_difference(f, x, eps) returning a single number",
        params=("f", "x", "eps"),
        cases=((_SIN, 0.3, 1e-2), (_CUBE, 2.0, 0.1), (_EXP, -1.0, 1e-3), (_SIGMOID, 0.5, 0.05)),
        rtol=1e-8, atol=1e-10,
        mistakes=(
            Mistake("that is the forward difference; the central one steps both ways: "
                    "(f(x + eps) - f(x - eps)) / (2 eps)",
                    lambda f, x, eps: float(numerical_gradient(f, x, eps, "forward"))),
            Mistake("off by a factor of 2: f(x + eps) and f(x - eps) are 2 eps apart, so "
                    "divide by 2 eps",
                    lambda f, x, eps: 2.0 * float(numerical_gradient(f, x, eps, "central"))),
            Mistake("sign flipped: subtract f(x - eps) from f(x + eps), not the other way",
                    lambda f, x, eps: -float(numerical_gradient(f, x, eps, "central"))),
            Mistake("that is the backward difference (f(x) - f(x - eps)) / eps; the central "
                    "one uses f(x + eps) and f(x - eps)",
                    lambda f, x, eps: float((f(x) - f(x - eps)) / eps)),
        )),
    Exercise(
        "forward_passes", "06_numerical_vs_analytic", "function",
        hint="each weight is nudged up once and down once, and each nudge costs one forward "
             "pass",
        answer=lambda n_weights: _count_passes(n_weights, "central"),
        form="my_forward_passes(n_weights) returning a whole number",
        params=("n_weights",), cases=((1,), (9,), (1000,), (0,)),
        rtol=0.0, atol=0.0,
        mistakes=(
            Mistake("that is one pass per weight; the central difference evaluates the loss "
                    "twice per weight, at w + eps and at w - eps",
                    lambda n_weights: _count_passes(n_weights, "central") // 2),
            Mistake("that is the forward difference's count (one shared C(w) plus one per "
                    "weight); the central difference needs two per weight",
                    lambda n_weights: _count_passes(n_weights, "forward")),
            Mistake("the central difference never evaluates C at w itself: exactly two "
                    "passes per weight",
                    lambda n_weights: _count_passes(n_weights, "central") + 1),
            Mistake("that is backprop's cost (about two passes for all weights); the "
                    "numerical gradient pays per weight",
                    lambda n_weights: _count_passes(1, "central")),
        )),
    # 07_gradient_descent -------------------------------------------------------
    Exercise(
        "sgd_update", "07_gradient_descent", "function",
        hint="the gradient points uphill; the update takes a step of lr times the gradient "
             "the other way",
        answer=_sgd_once,
        form="my_sgd_update(w, grad, lr) returning the new w (shaped like w)",
        params=("w", "grad", "lr"),
        cases=((0.8, 0.05, 0.1), (np.array([0.8, 0.4, 0.3]), np.array([0.1, -0.2, 0.3]), 0.5),
               (np.array([[1.0, -1.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [-4.0, 1.0]]), 0.01)),
        mistakes=(
            Mistake(_SIGN_FLIP, lambda w, grad, lr: _sgd_once(w, np.negative(grad), lr)),
            Mistake("the learning rate is missing: w - lr * grad",
                    lambda w, grad, lr: _sgd_once(w, grad, 1.0)),
            Mistake("you returned the step lr * grad; the new weight is w minus that step",
                    lambda w, grad, lr: lr * np.asarray(grad, dtype=np.float64)),
            Mistake("you subtracted lr alone; scale the gradient by it: w - lr * grad",
                    lambda w, grad, lr: _sgd_once(w, np.ones_like(np.asarray(grad, dtype=float)),
                                                  lr)),
        )),
    Exercise(
        "new_w11", "07_gradient_descent", "value",
        hint="take dC/dw11 from SeedNetwork().gradients() and apply w11 - lr * dC/dw11 with "
             "lr = 0.1",
        answer=lambda: _new_w11(0.1),
        form="a number",
        mistakes=(
            Mistake(_SIGN_FLIP, lambda: _new_w11(0.1, sign=-1.0)),
            Mistake("the learning rate is missing: w11 - 0.1 * dC/dw11", lambda: _new_w11(1.0)),
            Mistake("that is the step lr * dC/dw11; subtract it from the old w11",
                    lambda: 0.1 * SeedNetwork().gradients(ARTICLE_X, ARTICLE_Y)["w11"]),
            Mistake("your gradient is " + _HALF[0].lower() + _HALF[1:],
                    lambda: _new_w11(0.1, grad_scale=0.5)),
        )),
)}
