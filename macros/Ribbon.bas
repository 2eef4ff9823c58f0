Attribute VB_Name = "Ribbon"
' 预算公开 功能区回调（customUI14.xml 的 onAction）。
' 只做转发：每个按钮调用 budget_addin.excel.ribbon 中的同名 Python 函数，
' 业务逻辑全部在 Python 中。RunPython 来自 xlwings 加载项（引用 "xlwings"）。
Option Explicit

' 审核 → 全面校验
Public Sub Ribbon_CheckAll(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.check_all()"
End Sub

' 审核 → 清除标记
Public Sub Ribbon_ClearMarks(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.clear_marks()"
End Sub

' 汇总 → 生成汇总表
Public Sub Ribbon_MakeSummaries(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.make_summaries()"
End Sub

' 汇总 → 生成情况说明
Public Sub Ribbon_MakeNarrative(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.make_narrative()"
End Sub

' 发布 → 导出发布版
Public Sub Ribbon_ExportPublication(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.export_publication()"
End Sub

' 发布 → 刷新
Public Sub Ribbon_Refresh(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.refresh()"
End Sub

' 帮助 → 关于/帮助
Public Sub Ribbon_ShowHelp(control As IRibbonControl)
    RunPython "import budget_addin.excel.ribbon as r; r.show_help()"
End Sub
