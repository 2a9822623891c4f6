"""The source article's data that the course recomputes, in one read-only home.

CLASSES: the five classes of the article's image classifier, in its order.
CLASS_TABLE: class -> the predicted probabilities (one per class, in CLASSES order) for an
image of that class; each row is a prediction whose target is the row's class.
Taught in 03_losses.ipynb; used by nnlib.widgets and nnlib.exercises.
"""

from types import MappingProxyType

CLASSES = ("Dog", "Cat", "Cow", "Hen", "Rat")
CLASS_TABLE = MappingProxyType(
    {
        "Dog": (0.88, 0.02, 0.04, 0.04, 0.02),
        "Cat": (0.26, 0.21, 0.17, 0.18, 0.18),
        "Cow": (0.01, 0.01, 0.96, 0.01, 0.01),
        "Hen": (0.14, 0.09, 0.01, 0.57, 0.19),
        "Rat": (0.21, 0.02, 0.05, 0.17, 0.55),
    }
)
