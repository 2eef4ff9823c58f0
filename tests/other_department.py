"""An invented department, unlike the seed: another year, another comparator (上年执行数), income
from sources the seed does not have, its own 明细 and 人员情况 rows, and one share above 100%.

Figures are made up and chosen so that the arithmetic can be checked by hand:

- 收入总计 1000 = 本年收入合计 950 + 上年结转 50; 950 = 财政拨款收入 800 + 事业收入 120 + 上级补助收入 30;
  800 = 一般公共预算拨款收入 700 + 政府性基金预算拨款收入 100. Prior 900: +100, +11.11%.
- 支出总计 1000 = 基本支出 600 + 项目支出 380 + 事业单位经营支出 20; prior 920: +80, 80÷920 = 8.70%.
  Changes 30 + 60 − 10 = 80. 基本支出 prior 570 (30÷570 = 5.26%); 项目支出 prior 320 (60÷320 = 18.75%);
  事业单位经营支出 prior 30 (−10÷30 = −33.33%).
- 项目支出 明细 (构成): 耕地质量监测 80 against 50 (+30), 农技推广补助 +20, 新增 病虫害防控新技术示范 10:
  30 + 20 + 10 = 60.
- 机关运行经费 95 against 100: −5, −5.00%; its 其中 rows 差旅费 12 (−2) and 印刷费 3.
- 三公 20 against 25: −5, −20.00%; 公务用车购置及运行费 not typed, its parts 0 + 12 = 12 (60.00%).
- 政府采购 40 as stated, but 货物 50 and 服务 10: 50÷40 = 125.00% (above 100%), 50 + 10 = 60 > 40.
- 固定资产 500 = 300 + 150 + 50 (60.00%, 30.00%, 10.00%).
"""

from __future__ import annotations

from decimal import Decimal as D

from budget_addin.core.dataset import Dataset, complete

NAME, SHORT_NAME = "青山县农业技术推广中心", "县农技中心"


def other_department() -> Dataset:
    """The invented department's dataset (a fresh copy each call)."""
    return complete({
        "department": {"name": {"value": NAME}, "short_name": {"value": SHORT_NAME},
                       "year": {"value": "2022"}, "comparator": {"value": "上年执行数"},
                       "asset_date": {"value": "2021 年 12 月 31 日"}},
        "unit_counts": {"total": {"count": D(3)}, "civil_service": {"count": D(1)}, "institution": {"count": D(2)}},
        "institutions": [{"name": "县农技中心本级", "level": "本级", "nature": "事业", "funding": "全额拨款"},
                         {"name": "县土壤肥料站", "level": "二级", "nature": "事业"}],
        "duties": [{"no": D(1), "name": "农业技术推广", "text": "负责全县农业新技术的引进、试验和示范。"}],
        "staff": [{"item": "编制数", "count": D(48)}, {"item": "实有人数", "count": D(45)},
                  {"parent": "实有人数", "kind": "构成", "item": "在职人员", "count": D(40)},
                  {"parent": "实有人数", "kind": "构成", "item": "退休人员", "count": D(5)}],
        "income_expenditure": {
            "income_total": {"amount": D(1000), "prior": D(900)},
            "income_this_year": {"amount": D(950)},
            "fiscal_appropriation": {"amount": D(800)},
            "gp_appropriation": {"amount": D(700)},
            "fund_appropriation": {"amount": D(100)},
            "business_income": {"amount": D(120)},
            "superior_subsidy": {"amount": D(30)},
            "carryover": {"amount": D(50)},
            "expenditure_total": {"amount": D(1000), "prior": D(920)},
            "basic": {"amount": D(600), "change": D(30)},
            "personnel": {"amount": D(500)},
            "public": {"amount": D(100)},
            "project": {"amount": D(380), "change": D(60)},
            "operating_expenditure": {"amount": D(20), "change": D(-10)},
            "fund_expenditure": {"amount": D(100), "prior": D(0)},
        },
        "details": [
            {"parent": "项目支出", "kind": "构成", "item": "耕地质量监测", "amount": D(80), "prior": D(50)},
            {"parent": "项目支出", "kind": "构成", "item": "农技推广补助", "change": D(20)},
            {"parent": "项目支出", "kind": "构成", "item": "病虫害防控新技术示范", "amount": D(10), "prior": D(0)},
            {"parent": "机关运行经费", "kind": "其中", "item": "差旅费", "amount": D(12), "change": D(-2)},
            {"parent": "机关运行经费", "kind": "其中", "item": "印刷费", "amount": D(3)},
        ],
        "office_costs": {"total": {"amount": D(95), "prior": D(100)}, "meeting": {"amount": D(4)},
                         "training": {"amount": D(6), "change": D(1)}},
        "three_public": {"total": {"amount": D(20), "prior": D(25)}, "abroad": {"amount": D(0)},
                         "vehicle_purchase": {"amount": D(0)}, "vehicle_operation": {"amount": D(12)},
                         "reception": {"amount": D(8)}},
        "procurement_summary": {"total": {"amount": D(40)}, "goods": {"amount": D(50)},
                                "services": {"amount": D(10)}},
        "assets": {"total": {"amount": D(500)}, "land_buildings": {"amount": D(300)},
                   "general_equipment": {"amount": D(150)}, "furniture": {"amount": D(50)}},
        "fixed_assets": {"vehicles": {"quantity": D(3), "value": D(45)}},
        "glossary": [{"no": D(1), "term": "事业收入", "definition": "指事业单位开展专业业务活动取得的收入。"}],
    })
