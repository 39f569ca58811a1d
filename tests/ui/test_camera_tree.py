"""Camera tree: grouping by location, status icons and counts, filter, drag data."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from controlroom.ui.camera_tree import ID_ROLE, CameraTree
from controlroom.ui.tile import CameraInfo, CameraStatus, camera_ids_from_mime

CAMS = [CameraInfo(1, "Cổng chợ", "C01", "Thôn Đông"),
        CameraInfo(2, "Ngã ba trường học", "C02", "Thôn Tây"),
        CameraInfo(3, "Bến đò", "C03", "Thôn Đông"),
        CameraInfo(4, "Trạm y tế", "C04", "")]


def groups(tree: CameraTree) -> dict[str, list[str]]:
    out = {}
    for i in range(tree.tree.topLevelItemCount()):
        g = tree.tree.topLevelItem(i)
        assert g is not None
        out[g.text(0)] = [g.child(j).text(0) for j in range(g.childCount())
                          if not g.child(j).isHidden()]
    return out


def test_grouped_by_location_with_counts(qtbot: QtBot) -> None:
    tree = CameraTree()
    qtbot.addWidget(tree)
    tree.set_cameras(CAMS)
    assert groups(tree) == {"No location": ["Trạm y tế"], "Thôn Đông": ["Bến đò", "Cổng chợ"],
                            "Thôn Tây": ["Ngã ba trường học"]}
    assert tree.counts.text() == "0 online · 0 offline · 4 cameras"
    tree.apply_statuses({1: CameraStatus("recording"), 2: CameraStatus("offline"),
                         3: CameraStatus("auth_failed")})
    assert tree.online_offline() == (1, 2)
    assert tree.counts.text() == "1 online · 2 offline · 4 cameras"
    item = tree._items[3]
    assert item.toolTip(0) == "Authentication failed"
    assert tree._items[4].toolTip(0).startswith("Status unknown")
    # icons differ between a live and a dead camera
    live = tree._items[1].icon(0).pixmap(12, 12).toImage().pixelColor(6, 6)
    dead = tree._items[2].icon(0).pixmap(12, 12).toImage().pixelColor(6, 6)
    assert live.green() > live.red() and dead.red() > dead.green()


def test_filter_ignores_accents_and_matches_locations(qtbot: QtBot) -> None:
    tree = CameraTree()
    qtbot.addWidget(tree)
    tree.set_cameras(CAMS)
    tree.filter.setText("cong cho")
    assert groups(tree)["Thôn Đông"] == ["Cổng chợ"]
    assert tree.tree.topLevelItem(2) is not None and tree.tree.topLevelItem(2).isHidden()
    tree.filter.setText("thon dong")
    assert groups(tree)["Thôn Đông"] == ["Bến đò", "Cổng chợ"]
    tree.filter.clear()
    assert sum(len(v) for v in groups(tree).values()) == 4


def test_drag_data_and_activation(qtbot: QtBot) -> None:
    tree = CameraTree()
    qtbot.addWidget(tree)
    tree.set_cameras(CAMS)
    items = [tree._items[2], tree._items[3]]
    mime = tree.tree.mimeData(items)
    assert camera_ids_from_mime(mime) == [2, 3]
    group = tree.tree.topLevelItem(0)
    assert group is not None and group.data(0, ID_ROLE) is None
    with qtbot.waitSignal(tree.camera_activated) as blocker:
        tree.tree.itemActivated.emit(tree._items[1], 0)
    assert blocker.args == [1]
