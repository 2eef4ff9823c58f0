"""Import: the official tables (xlsx/xlsm/xls/csv) and the 情况说明 text into a workbook.

``sources`` reads any table file into grids, ``locate`` finds the standard tables in a grid,
``aliases`` holds the only list of other names for the template's labels, headers and titles,
``columns`` says what a source column holds, ``placer`` keeps every value with its source,
``place`` dispatches a found table to ``forms``, ``lists`` or ``performance``, ``text`` reads the
情况说明, ``rollover`` starts a new year from last year's workbook and ``run`` ties them together.
"""
