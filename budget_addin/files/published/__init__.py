"""A disclosure as published (PDF, Word, web page, spreadsheet) read into paragraphs and tables.

``pdf`` reads a PDF as pages of positioned text (prose rejoined across line and page breaks, page
furniture removed, table regions as grids); ``tables`` turns any grid into
:class:`~budget_addin.core.published.Table` objects (title, unit, scope, header tree, label and code
columns, side-by-side halves); ``document`` reads one file of any published form whole.
"""
