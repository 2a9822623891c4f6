"""Tests for nnlib.article: the source's five-class table, read-only, in one home that
the explorers and the exercises share."""

import numpy as np
import pytest

from nnlib import article, widgets


def test_table_rows_are_probabilities_of_each_class():
    assert article.CLASSES == ("Dog", "Cat", "Cow", "Hen", "Rat")
    assert tuple(article.CLASS_TABLE) == article.CLASSES
    table = np.array([article.CLASS_TABLE[c] for c in article.CLASSES])
    assert table.shape == (5, 5)
    assert np.allclose(table.sum(axis=1), 1.0)


def test_table_is_read_only():
    with pytest.raises(TypeError):
        article.CLASS_TABLE["Dog"] = (1.0, 0.0, 0.0, 0.0, 0.0)
    with pytest.raises(TypeError):
        article.CLASS_TABLE["Dog"][0] = 1.0
    assert isinstance(article.CLASSES, tuple)


def test_explorers_use_the_one_table():
    assert widgets.CLASS_TABLE is article.CLASS_TABLE and widgets.CLASSES is article.CLASSES
