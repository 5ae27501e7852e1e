"""党建品牌知识库: YAML records → validated, cross-linked, generated Chinese knowledge-base site."""

__version__ = "0.1.0"
