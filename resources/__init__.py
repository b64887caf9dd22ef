"""Files the program ships: the sample exercise, the tagging guide, icons.

Kept as a package so that ``importlib.resources.files("claimmark.resources")`` finds them both in a
checkout and in an installed wheel.
"""
