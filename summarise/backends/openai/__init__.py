"""The model backend: instructor over the openai client (the only place either is imported).

Nothing is imported here, so that `summarise.backends.openai.prompts` and `.chunking` can be
used (by estimates, benchmarks) without loading the model stack.
"""
