"""Plant economics: cash flows and their measures (capital and operating costs to come)."""
