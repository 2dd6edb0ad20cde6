"""Reports and figures of cases: HTML, PNG, SVG."""

#: Monte Carlo samples for a report's uncertainty section (Latin hypercube).
REPORT_SAMPLES = 2000
