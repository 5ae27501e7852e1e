"""Word case write-ups (.docx) → checked draft case records: reader → sections → draft fields + import report.

Imports only from the data layer (schema, load, pipeline checks, errors) and `djkb.data.ids`; the CLI is in
djkb/cli/import_word.py.

Library choice — python-docx, compared with mammoth 1.13 and docx2python 3.7 on the test fixtures
(benchmarks/word_libraries.py, Dec 2026). python-docx keeps everything heading recognition needs: paragraphs and
tables in document order with their style names (Title, Heading N), run-level bold, table cells, and its element
tree for what it has no API for (list numbering, footnotes, pictures, embedded objects); it also writes .docx,
which the template and the test fixtures need, so one pinned dependency does both. mammoth recovered lists,
tables, bold and footnotes as HTML too, but took 13.6 s CPU to read the benchmark's 50 documents (python-docx
with this reader: 1.05 s) against a 5 s budget, leaves the Title style as a plain paragraph unless given a
style map, and cannot write. docx2python was fastest (0.35 s) but lost what matters here: list items came out
without markers (numbering given by a list style), a bold run was merged with its plain neighbour, the Title
style was not marked, and it crashed (KeyError) on a footnotes part without an `r` namespace declaration.
"""

from djkb.wordimport.importer import DocumentResult, collect_sources, import_documents  # noqa: F401
from djkb.wordimport.template import TEMPLATE_FILE_NAME, TEMPLATE_SITE_PATH, template_bytes  # noqa: F401
