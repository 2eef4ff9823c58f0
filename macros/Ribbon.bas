Attribute VB_Name = "Ribbon"
' Ribbon callbacks of the tab in customUI14.xml (onAction). Each button hands over to the
' Python function of the same name in budget_addin.excel.ribbon; all logic is in Python.
' RunPython and XLPy come from the module "xlwings" compiled into this workbook (xlwings'
' standalone mode), so the project has no reference to the xlwings add-in that could go
' MISSING. Chinese messages come from the generated module Texts: this file is ASCII.
Option Explicit

' Audit: check everything
Public Sub Ribbon_CheckAll(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.check_all()"
End Sub

' Audit: clear the marks of the last check
Public Sub Ribbon_ClearMarks(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.clear_marks()"
End Sub

' Summary: write the summary sheets
Public Sub Ribbon_MakeSummaries(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.make_summaries()"
End Sub

' Summary: write the narrative (qingkuang shuoming)
Public Sub Ribbon_MakeNarrative(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.make_narrative()"
End Sub

' Publish: export the publication copy
Public Sub Ribbon_ExportPublication(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.export_publication()"
End Sub

' Publish: refresh
Public Sub Ribbon_Refresh(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.refresh()"
End Sub

' Help: about / help
Public Sub Ribbon_ShowHelp(control As IRibbonControl)
    If PythonReady() Then RunPython "import budget_addin.excel.ribbon as r; r.show_help()"
End Sub

' True when Python, xlwings and budget_addin answer. Otherwise says what to install and how,
' and the button does nothing else.
Private Function PythonReady() As Boolean
    Dim py As Object
    On Error GoTo NotReady
    Set py = XLPy()
    py.Module "budget_addin.excel.ribbon"
    PythonReady = True
    Exit Function
NotReady:
    MsgBox Texts.SetupHelp(Err.Description), vbExclamation, Texts.SetupTitle()
    PythonReady = False
End Function
