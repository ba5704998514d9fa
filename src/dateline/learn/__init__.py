"""Training of the small learned components shipped in dateline.resources.

Each module trains one component from a public gold set with one command and
writes its weights as a plain data file; nothing is fetched at run time.
"""
