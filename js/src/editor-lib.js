// The query page's SPARQL editor: CodeMirror 6 with the SPARQL mode of @codemirror/legacy-modes
// (highlighting) and completion. Bundled by js/bundle.mjs into kg/views/assets/vendor/editor-lib.js.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion } from "@codemirror/autocomplete";
import { keymap } from "@codemirror/view";

window.kgEditor = { EditorView, EditorState, basicSetup, StreamLanguage, sparql, autocompletion, keymap };
