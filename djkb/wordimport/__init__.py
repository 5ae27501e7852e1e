"""Word case write-ups (.docx) → checked draft case records: reader → sections → draft fields + import report.

Imports only from the data layer (schema, load, pipeline checks, errors) and `djkb.record_ids`; the CLI is in
djkb/cli_import.py.

Library choice (compared on the test fixtures, see benchmarks/word_libraries.py): python-docx. It gives paragraphs
and tables in document order with their style names (Word heading styles, Title), run-level bold, table cells
with merged cells identifiable, and the element tree for what it has no API for (numbering, footnotes, pictures,
embedded objects) — and it also writes .docx, which the template and the test fixtures need, so one pinned
dependency does both. mammoth turns a document into HTML through a style map: headings only by style (bold or
numbered lines would be re-parsed from HTML), unknown styles and text boxes dropped with a warning, and no
writing. docx2python flattens the document into nested lists of strings (numbering rendered into the text,
bold only as HTML tags, tables not distinguishable from paragraphs without its extra structures), which loses
what heading recognition needs; it is also read-only.
"""

from djkb.wordimport.importer import DocumentResult, collect_sources, import_documents  # noqa: F401
from djkb.wordimport.template import TEMPLATE_FILE_NAME, TEMPLATE_SITE_PATH, template_bytes  # noqa: F401
