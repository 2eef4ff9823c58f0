"""Import: the official tables (xlsx/xlsm/xls/csv) and the 情况说明 text into a workbook.

``sources`` reads any table file into grids, ``locate`` finds the standard tables in a grid,
``aliases`` holds the only list of other names for the template's labels and headers,
``place`` puts figures into template cells (with their source), ``text`` reads the 情况说明,
``rollover`` starts a new year from last year's workbook and ``run`` ties them together.
"""
