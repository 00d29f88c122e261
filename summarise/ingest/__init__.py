"""Reading input files into documents: walking paths, decoding, boilerplate removal."""
