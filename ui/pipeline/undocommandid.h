#pragma once

namespace pw::ui {

// The merge ids of the editor's undo commands, in one place so no two kinds collide.
enum class UndoCommandId : int {
    None = -1,
    TextTyping = 1, // keystrokes in the YAML pane merge into one step
    MoveNodes = 2,  // one drag of nodes is one step
    FieldEdit = 3,  // repeated edits of one inspector field merge
};

} // namespace pw::ui
