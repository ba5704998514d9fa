"""Runners: map the pipeline over many articles (locally or on Dask)."""
