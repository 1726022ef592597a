"""Pure rules: completeness (资料不齐) and scan checks by content."""

from kefu.files import rules


def test_missing_required_items_make_a_file_incomplete():
    # seed 000 L153: "如資料不齊時需注明"
    state = rules.completeness(
        [
            rules.ItemState("invoice_copy", "购车发票复印件", True, True),
            rules.ItemState("contract_original", "销售合同原件", True, False),
            rules.ItemState("pdi_check", "新车PDI检查表", True, True, "customer_signature"),
            rules.ItemState("other_proof", "其他证明材料", False, False),
        ]
    )
    assert (state.total, state.complete) == (3, 1)
    assert [m.code for m in state.missing] == ["contract_original", "pdi_check"]
    assert not state.is_complete


def test_optional_items_do_not_count():
    state = rules.completeness([rules.ItemState("other_proof", "其他", False, False)])
    assert state.is_complete and state.total == 0


def test_scan_type_is_checked_by_content():
    assert rules.scan_content_type("a.pdf", b"%PDF-1.7\n") == "application/pdf"
    assert rules.scan_content_type("a.JPG", b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert rules.scan_content_type("a.png", b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert rules.scan_content_type("a.pdf", b"\x89PNG\r\n\x1a\n") is None
    assert rules.scan_content_type("a.exe", b"MZ") is None
    assert rules.scan_content_type("noext", b"%PDF-") is None


def test_deadline_starts_at_sale_or_delivery():
    sold, delivered = object(), object()
    assert rules.deadline_start(start="sale", sold_at=sold, delivered_at=delivered) is sold
    assert rules.deadline_start(start="delivery", sold_at=sold, delivered_at=delivered) is delivered
