"""A Dask task's run of chunks is merged one chunk at a time: memory does not grow with it."""

import tracemalloc

from valorize.analysis.streaming import BINS
from valorize.analysis.uncertainty import (
    SamplingPlan,
    declared_correlation,
    declared_distributions,
    summarize_chunk,
    summarize_chunks,
)
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel


def test_a_group_of_chunks_holds_one_chunk_summary_at_a_time():
    model = RefineryModel(load_case("balkhash-selenium")[0]).for_sampling()
    dists = declared_distributions(model)
    plan = SamplingPlan("lhs", 41 * 50, 0, dists, declared_correlation(model, list(dists)), 50)
    pilot = summarize_chunk(model, plan, 0, None)
    ranges = {key: (s.low, s.high) for key, s in pilot.outputs.items()}
    one_summary = len(ranges) * BINS * 8  # bytes of one chunk's histograms
    summarize_chunks(model, plan, range(1, 3), ranges)  # warm caches
    tracemalloc.start()
    try:
        summarize_chunks(model, plan, range(1, 41), ranges)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the merged summary, the chunk being added and the evaluation's arrays; all 40
    # summaries held at once would be 40 of them
    assert peak < 6 * one_summary, (peak, one_summary)
