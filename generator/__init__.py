"""explainer: turn structured YAML about a news article into an educational MkDocs site."""

__version__ = "0.1.0"
