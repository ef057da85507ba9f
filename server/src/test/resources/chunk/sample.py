"""Shapes module."""
import math
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


class Circle:
    """A circle."""

    def __init__(self, r):
        self.r = r

    @property
    def area(self):
        return math.pi * self.r ** 2

    class Ring:
        def outer(self):
            return 1


def helper(x):
    def inner(y):
        return y
    return inner(x) * 2


if __name__ == "__main__":
    print(helper(2))
