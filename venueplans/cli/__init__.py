"""Command line: import / list / show / remove / check / render / plan / scenario. Never imports ui."""
