"""Outputs: the dataset export, the Markdown export, the PDF book, the offline zip and the site swap."""
