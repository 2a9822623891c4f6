"""The backward pass by hand: a problem on the article's 2-3-1 network whose quantities
(QUANTITIES) the learner computes and types in, each entry checked against nnlib's value.
A wrong entry is matched against the values each Mistake (a wrong formula for one
quantity, every later quantity following from it) gives, to name the likely mistake.
The widget is nnlib.widgets.worksheet.  Taught in 06_backward_pass.ipynb.
"""

import math
import re
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float, describe
from .activations import sigmoid
from .backprop import QUANTITIES, backprop_steps
from .seed_network import WEIGHT_NAMES
from .written import fmt

DEFAULT_SEED = 2  # the problem a worksheet made without a seed shows first
RELATIVE = 0.005  # an entry counts within 0.5 % of nnlib's value: about 3 significant digits
ABSOLUTE = 5e-5  # ... or within this of it, for a value below 0.01
TOLERANCE_TEXT = (
    "An entry counts when it is within 0.5 % of the exact value (about 3 significant "
    "digits: type 4 to be safe), or within 0.00005 of it for a value below 0.01."
)
MIN_SIZE = 0.01  # every quantity of a drawn problem is at least this far from 0
OWN_RANGE = 0.03  # an entry right from the learner's own earlier entries: within 3 % of nnlib's
SEPARATION = 2.0  # a drawn problem's mistakes lie this many tolerances apart, and from the answer
EXAMPLE = "0.2075"  # a number as the messages suggest typing one
LIKELY = "Not quite. Likely mistake: "
KEEP = "Keep 4 significant digits in every value you carry forward."


def tolerance(value):
    """How far an entry may be from value and still count: RELATIVE of it, at least ABSOLUTE."""
    return max(RELATIVE * abs(value), ABSOLUTE)


def agrees(entry, value):
    """Whether entry counts as value (within tolerance(value))."""
    return abs(entry - value) <= tolerance(value)


@dataclass(frozen=True)
class Problem:
    """A worksheet's problem: weights (the nine by name, read-only), x (x1, x2), y."""

    weights: MappingProxyType
    x: tuple
    y: float

    def __post_init__(self):
        if not hasattr(self.weights, "keys") or set(self.weights) != set(WEIGHT_NAMES):
            names = ", ".join(WEIGHT_NAMES)
            raise ValueError(f"weights must map each of {names} to a number, got {self.weights!r}")
        if not isinstance(self.x, (tuple, list)) or len(self.x) != 2:
            raise ValueError(f"x must be the two inputs (x1, x2), got {describe(self.x)}")
        weights = {n: as_float(self.weights[n], f"weights[{n!r}]") for n in WEIGHT_NAMES}
        object.__setattr__(self, "weights", MappingProxyType(weights))
        object.__setattr__(self, "x", tuple(as_float(v, "x") for v in self.x))
        object.__setattr__(self, "y", as_float(self.y, "y"))

    def as_dict(self):
        """{"weights": name -> value, "x": (x1, x2), "y": y}, a new dict."""
        return {"weights": dict(self.weights), "x": self.x, "y": self.y}

    def steps(self):
        """nnlib's backprop_steps for the problem: a Step per quantity, in QUANTITIES' order."""
        return backprop_steps(dict(self.weights), self.x, self.y)

    def given(self):
        """Every number the problem gives, by name: the weights, x1, x2 and y (a new dict)."""
        return {**self.weights, "x1": self.x[0], "x2": self.x[1], "y": self.y}


def _draw(rng):
    """Weights in (-1, 1) with one or two decimals, x1, x2 in [-1.5, 1.5] with one, none of
    them 0 (nor +-1: no multiplication to skip), and y in [-1, 1] with one decimal."""

    def decimal(below, scale):  # k / scale with 0 < |k| < below * scale
        return int(rng.integers(1, round(below * scale))) * int(rng.choice((-1, 1))) / scale

    weights = {name: decimal(1, 10 ** int(rng.integers(1, 3))) for name in WEIGHT_NAMES}
    x = (decimal(1.6, 10), decimal(1.6, 10))
    return Problem(weights, x, int(rng.integers(-10, 11)) / 10)


def new_problem(rng):
    """A problem drawn with rng (a numpy Generator) whose every quantity is at least MIN_SIZE
    from 0 and whose named mistakes are told apart from the answer and from one another
    (they lie SEPARATION tolerances apart), so that each diagnosis is unambiguous."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.default_rng(seed), got {describe(rng)}")
    while True:
        problem = _draw(rng)
        if _usable(problem):
            return problem


def _usable(problem):
    values = {s.name: s.value for s in problem.steps()}
    if any(abs(v) < MIN_SIZE for v in values.values()):
        return False
    passes = _Passes(problem)
    for name in QUANTITIES:
        found = sorted([values[name]] + [v for v, _ in passes.named(name)])
        if any(b - a <= SEPARATION * tolerance(max(a, b, key=abs)) for a, b in pairwise(found)):
            return False
    return True


def _product(*names):
    """The product of the values of names, as a function of the values by name."""
    return lambda v: math.prod(v[n] for n in names)


def _formulas():
    """name -> (right-hand side in names, function of the values by name)."""
    f = {}
    for j in "123":
        f[f"h1{j}"] = (
            f"x1 w1{j} + x2 w2{j}",
            lambda v, j=j: v["x1"] * v[f"w1{j}"] + v["x2"] * v[f"w2{j}"],
        )
        f[f"a1{j}"] = (f"sigma(h1{j})", lambda v, j=j: float(sigmoid(v[f"h1{j}"])))
    f["y_hat"] = ("w31 a11 + w32 a12 + w33 a13", _weighted("a"))
    f["C"] = ("(y_hat - y)^2", lambda v: (v["y_hat"] - v["y"]) ** 2)
    f["dC/dy_hat"] = ("2(y_hat - y)", lambda v: 2.0 * (v["y_hat"] - v["y"]))
    for j in "123":
        f[f"dC/dw3{j}"] = (f"dC/dy_hat * a1{j}", _product("dC/dy_hat", f"a1{j}"))
        f[f"dC/da1{j}"] = (f"dC/dy_hat * w3{j}", _product("dC/dy_hat", f"w3{j}"))
    for j in "123":
        f[f"dC/dh1{j}"] = (f"dC/da1{j} * a1{j}(1 - a1{j})", _slope(f"dC/da1{j}", f"a1{j}"))
    for i in "12":
        for j in "123":
            f[f"dC/dw{i}{j}"] = (f"dC/dh1{j} * x{i}", _product(f"dC/dh1{j}", f"x{i}"))
    return {name: f[name] for name in QUANTITIES}


def _weighted(layer):
    """w31 {layer}11 + w32 {layer}12 + w33 {layer}13 (layer "a" or "h"), as a function."""
    return lambda v: sum(v[f"w3{j}"] * v[f"{layer}1{j}"] for j in "123")


def _slope(upstream, node):
    """upstream * node(1 - node), as a function of the values by name."""
    return lambda v: v[upstream] * v[node] * (1.0 - v[node])


FORMULAS = MappingProxyType(_formulas())


def _pass(given, override=None, rounding=None):
    """name -> value of every quantity, computed from given (the problem's numbers by name).
    override: (name, function), a wrong formula for name that later quantities follow from;
    rounding: applied to each value before later quantities use it (not to those returned)."""
    v, out = dict(given), {}
    for name in QUANTITIES:
        formula = FORMULAS[name][1]
        if override is not None and override[0] == name:
            formula = override[1]
        out[name] = formula(v)
        v[name] = out[name] if rounding is None else rounding(out[name])
    return out


class Mistake(NamedTuple):
    """A wrong formula for one quantity.  kind: a key of KINDS; at: the quantity; wrong: the
    wrong right-hand side, in names; formula: it, as a function of the values by name."""

    kind: str
    at: str
    wrong: str
    formula: object


KINDS = MappingProxyType(
    {
        "h_for_a": "used h instead of a",
        "no_slope": "forgot the sigma(1 - sigma) factor",
        "slope_a": "used a instead of the slope a(1 - a)",
        "sign": "sign flipped",
        "no_two": "factor 2 missing",
        "not_squared": "forgot to square",
        "wrong_delta": "took the wrong hidden node's delta",
        "wrong_node": "took the wrong hidden node's value",
        "other_layer": "used the weight of the other layer",
        "wrong_input": "used the other input",
        "rounded": "rounded too early",
    }
)


def _made(kind, at, *names):
    """The Mistake of kind in at that computes the product of names."""
    return Mistake(kind, at, " * ".join(names), _product(*names))


def _mistakes():
    """Every Mistake, in QUANTITIES' order of the quantity it is made in."""
    others = {"1": "23", "2": "13", "3": "12"}
    out = [
        Mistake("sign", f"a1{j}", f"1/(1 + e^h1{j})", lambda v, j=j: float(sigmoid(-v[f"h1{j}"])))
        for j in "123"
    ]
    out += [
        Mistake("h_for_a", "y_hat", "w31 h11 + w32 h12 + w33 h13", _weighted("h")),
        Mistake("not_squared", "C", "y_hat - y", lambda v: v["y_hat"] - v["y"]),
        Mistake("no_two", "dC/dy_hat", "y_hat - y", lambda v: v["y_hat"] - v["y"]),
    ]
    for j in "123":
        out.append(_made("h_for_a", f"dC/dw3{j}", "dC/dy_hat", f"h1{j}"))
        out += [_made("wrong_node", f"dC/dw3{j}", "dC/dy_hat", f"a1{k}") for k in others[j]]
    for j in "123":
        out += [_made("wrong_node", f"dC/da1{j}", "dC/dy_hat", f"w3{k}") for k in others[j]]
        out += [_made("other_layer", f"dC/da1{j}", "dC/dy_hat", f"w{i}{j}") for i in "12"]
    for j in "123":
        at, up, h = f"dC/dh1{j}", f"dC/da1{j}", f"h1{j}"
        out.append(_made("no_slope", at, up))
        out.append(Mistake("h_for_a", at, f"{up} * {h}(1 - {h})", _slope(up, h)))
        out.append(_made("slope_a", at, up, f"a1{j}"))
    for i, other in (("1", "2"), ("2", "1")):
        for j in "123":
            at = f"dC/dw{i}{j}"
            out += [_made("wrong_delta", at, f"dC/dh1{k}", f"x{i}") for k in others[j]]
            out.append(_made("wrong_input", at, f"dC/dh1{j}", f"x{other}"))
    return tuple(out)


MISTAKES = _mistakes()
_ORDER = {name: k for k, name in enumerate(QUANTITIES)}
# The mistakes whose consequences later in the pass a drawn problem keeps apart too.
FOLLOWED = ("no_two", "no_slope")


ROUNDINGS = (  # (what was rounded to, how) for "rounded too early"
    ("2 significant digits", lambda v: float(f"{v:.2g}")),
    ("1 significant digit", lambda v: float(f"{v:.1g}")),
    ("2 decimal places", lambda v: round(v, 2)),
    ("1 decimal place", lambda v: round(v, 1)),
)


class _Passes:
    """A problem's pass computed once plain, once with each Mistake, once per ROUNDINGS."""

    def __init__(self, problem):
        given = problem.given()
        self.plain = _pass(given)
        self.mistaken = [_pass(given, (m.at, m.formula)) for m in MISTAKES]
        self.rounded = [_pass(given, rounding=rounding) for _, rounding in ROUNDINGS]

    def named(self, name):
        """[(value, Mistake)] for name: the mistakes made in name, its sign flipped, then
        the FOLLOWED mistakes made earlier that change it."""
        found = [(p[name], m) for m, p in zip(MISTAKES, self.mistaken) if m.at == name]
        found.append((-self.plain[name], Mistake("sign", name, "", None)))
        return found + [
            (p[name], m)
            for m, p in zip(MISTAKES, self.mistaken)
            if m.kind in FOLLOWED and _ORDER[m.at] < _ORDER[name] and p[name] != self.plain[name]
        ]

    def earlier(self, name):
        """[(value, Mistake)] for name of the other mistakes made before it."""
        pairs = zip(MISTAKES, self.mistaken)
        return [
            (p[name], m) for m, p in pairs if m.kind not in FOLLOWED and _ORDER[m.at] < _ORDER[name]
        ]


class Parsed(NamedTuple):
    """An entry read: its value, or None and why (problem)."""

    value: float | None
    problem: str = ""


_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_EXPRESSION = re.compile(r"[-+]?[\d.]+(?:e[-+]?\d+)?\s*[-+*/x^]\s*[-+]?[\d.(]|[()]")


def parse(text):
    """A typed entry -> Parsed: the number it is, or what to type instead (it was empty, had
    a decimal comma, was an expression, NaN, an infinity or no number).  Never raises."""
    if not isinstance(text, str):
        return Parsed(None, f"Type a number such as {EXAMPLE}, got {describe(text)}.")
    typed = text.strip().replace("\u2212", "-")  # the minus sign of a pasted formula
    shown = repr(typed[:40])
    if not typed:
        return Parsed(None, "Empty: type a number, then press Enter.")
    if _DECIMAL_COMMA.fullmatch(typed):
        return Parsed(None, f"Use a decimal point: {typed.replace(',', '.')}, not {typed}.")
    try:
        value = float(typed) if "_" not in typed else None
    except ValueError:
        value = None
    if value is None and _EXPRESSION.search(typed.lower()):
        return Parsed(None, f"Type the value as one number (a calculator is fine), not {shown}.")
    if value is None:
        return Parsed(None, f"{shown} is not a number: type one such as {EXAMPLE}.")
    if not math.isfinite(value):
        return Parsed(None, f"{shown} is not a finite number: type one such as {EXAMPLE}.")
    return Parsed(value)


class Feedback(NamedTuple):
    """What an entry gets: status ("correct", "wrong", "invalid": no number, "revealed":
    the answer was shown already) and the message."""

    status: str
    message: str


class Worksheet:
    """The checking of one problem's entries.  answers: name -> the entry accepted for it;
    revealed: the names shown by reveal_next, in order; done: the names answered."""

    def __init__(self, problem):
        if not isinstance(problem, Problem):
            raise TypeError(f"problem must be a Problem (new_problem), got {describe(problem)}")
        self.problem = problem
        self.steps = {s.name: s for s in problem.steps()}
        self.values = {name: s.value for name, s in self.steps.items()}
        self.answers = {}
        self.revealed = []
        passes = _Passes(problem)
        self._diagnoses = {name: self._diagnoses_of(name, passes) for name in QUANTITIES}

    @property
    def done(self):
        """The set of names answered correctly (a new set)."""
        return set(self.answers)

    def progress(self):
        """(answered, revealed, of how many)."""
        return len(self.answers), len(self.revealed), len(QUANTITIES)

    def submit(self, name, text):
        """Check text, typed for quantity name -> Feedback.  A number that counts (or follows
        from the learner's own earlier entries, within OWN_RANGE of nnlib's value) goes into
        answers, a wrong one takes name out; text that is no number changes nothing."""
        if name not in self.values:
            raise ValueError(f"name must be one of {', '.join(QUANTITIES)}, got {name!r}")
        if name in self.revealed:
            return Feedback("revealed", f"Shown already: {self.steps[name].substituted}")
        parsed = parse(text)
        if parsed.value is None:
            return Feedback("invalid", parsed.problem)
        entry, value = parsed.value, self.values[name]
        if agrees(entry, value):
            self.answers[name] = entry
            return Feedback("correct", f"Correct: {name} = {fmt(value)}.")
        own = FORMULAS[name][1]({**self.problem.given(), **self.values, **self.answers})
        if agrees(entry, own) and abs(entry - value) <= OWN_RANGE * abs(value):
            self.answers[name] = entry
            exact = f"from the exact values {name} = {fmt(value)}"
            return Feedback("correct", f"Correct from your earlier entries; {exact}.")
        self.answers.pop(name, None)  # the first diagnosis the entry matches, else the formula
        found = (message for v, message in self._diagnoses[name] if agrees(entry, v))
        check = f"Not quite: {name} = {FORMULAS[name][0]}. Check each number you used."
        return Feedback("wrong", next(found, check))

    def _diagnoses_of(self, name, passes):
        """[(wrong value, message)] for name, in the order an entry is matched against them:
        the mistakes made in it, its sign, mistakes made earlier, rounding too early or the
        answer too much, another quantity's value."""
        right, blank = self.values[name], f"This blank is {name} = {FORMULAS[name][0]}."
        found = [(v, _message(name, m)) for v, m in passes.named(name) + passes.earlier(name)]
        for (what, rounding), rounded in zip(ROUNDINGS, passes.rounded):
            early = f"that is {name} from values rounded to {what}"
            found.append((rounded[name], f"{LIKELY}{KINDS['rounded']}: {early}. {KEEP}"))
            too_few = f"Not quite: rounded to {what}, too few. Give {name} to 3 or 4"
            found.append((rounding(right), f"{too_few} significant digits."))
        other = "Not quite: that is the value of {}. " + blank
        found += [(self.values[o], other.format(o)) for o in QUANTITIES]  # name's own: dropped
        return [(v, message) for v, message in found if not agrees(v, right)]

    def reveal_next(self):
        """Show the first quantity neither answered nor shown yet -> its Step (its
        equation with the numbers in: .substituted), or None when none is left."""
        for name in QUANTITIES:
            if name not in self.answers and name not in self.revealed:
                self.revealed.append(name)
                return self.steps[name]
        return None


def _message(name, mistake):
    """The message for an entry of name that mistake explains."""
    title, at, right = KINDS[mistake.kind], mistake.at, FORMULAS[mistake.at][0]
    if not mistake.wrong:  # the sign of name itself
        return f"{LIKELY}{title}. {name} = {right}: check the signs."
    that = "That is" if at == name else "That follows from"
    return f"{LIKELY}{title}. {that} {at} = {mistake.wrong}; the formula is {at} = {right}."
