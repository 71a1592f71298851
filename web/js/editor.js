// CodeMirror 6 glue for IAM Playground.
//
// esbuild bundles this module (web/js/build-editor.mjs, run by Trunk's
// pre_build hook) into one classic script, web/generated/editor.js, that
// index.html loads before the wasm. The script registers one global,
// `globalThis.iamEditor`, which the Rust bridge (web/src/editor.rs) calls.
//
// API (offsets are UTF-16 code units, as CodeMirror counts them):
//   iamEditor.create(parent, text, onChange) -> handle
//                                      the editor is rendered in parent's (open) shadow root
//   handle.getText() -> string
//   handle.setText(text)               replaces the document; does not call onChange and
//                                      is not an undo step (switching tabs must not be undone)
//   handle.setReadOnly(bool)           read-only policies (AWS managed, embedded pages)
//   handle.setCompleter(fn)            fn({kind, prefix, actions?}) -> [{label, detail, info, type}] | null;
//                                      kind: "action" | "operator" | "condition-key"
//   handle.setDiagnostics([{from, to, severity, message}])
//                                      severity: "error" | "warning" | "info" | "hint"
//   handle.highlightRange(from, to)    marks a range and scrolls it into view
//   handle.clearHighlight()
//   handle.format() -> boolean         re-indents JSON; false (and no change) if it is not well formed
//   handle.focus()
//   handle.destroy()
// onChange(text) is called after every change of the document made by the
// user or by format().

import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import {
  syntaxTree,
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState, StateEffect, StateField, Transaction } from "@codemirror/state";
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";

const SEVERITIES = new Set(["error", "warning", "info", "hint"]);

// Colours come from CSS variables (web/styles/theme.css), so the editor
// follows the page's light/dark scheme without a second theme.
const theme = EditorView.theme({
  "&": {
    height: "100%",
    color: "var(--text)",
    backgroundColor: "var(--editor-bg)",
    fontSize: "13px",
  },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--accent)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--accent)" },
  "&.cm-focused": { outline: "none" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "var(--selection)" },
  ".cm-gutters": {
    backgroundColor: "var(--editor-gutter-bg)",
    color: "var(--text-muted)",
    borderRight: "1px solid var(--border)",
  },
  ".cm-activeLine": { backgroundColor: "var(--editor-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--editor-active-line)" },
  // One continuous band (the mark is split into a span per token and line).
  ".cm-iam-highlight": {
    backgroundColor: "var(--highlight)",
    boxShadow: "0 1px 0 var(--highlight), 0 -1px 0 var(--highlight)",
  },
  ".cm-tooltip": {
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    border: "1px solid var(--border)",
  },
});

const highlightStyle = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--syntax-property)" },
  { tag: tags.string, color: "var(--syntax-string)" },
  { tag: tags.number, color: "var(--syntax-number)" },
  { tag: [tags.bool, tags.null], color: "var(--syntax-keyword)" },
  { tag: [tags.brace, tags.squareBracket, tags.separator], color: "var(--text-muted)" },
]);

// A single highlighted range (e.g. "this statement decided the request").
const setHighlight = StateEffect.define();
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setHighlight)) {
        value =
          effect.value === null
            ? Decoration.none
            : Decoration.set([
                Decoration.mark({ class: "cm-iam-highlight" }).range(effect.value.from, effect.value.to),
              ]);
      }
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const clamp = (value, max) => Math.max(0, Math.min(Number(value) || 0, max));

/**
 * Re-indents JSON text with two spaces, token by token, so that what the user
 * wrote survives exactly: duplicate keys, number literals and escapes are kept
 * (JSON.parse + JSON.stringify would silently drop or rewrite them, and a
 * policy playground must show the policy as written). Returns null when the
 * text is not balanced JSON.
 */
export function formatJson(text) {
  let out = "";
  let depth = 0;
  const stack = [];
  const indent = () => "\n" + "  ".repeat(depth);
  let ended = false; // the top-level object or array has closed: only whitespace may follow
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ended && !/\s/.test(ch)) return null;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") j++;
        if (text[j] === "\n") return null;
        j++;
      }
      if (j >= text.length) return null;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      stack.push(close);
      // Keep empty containers on one line.
      let k = i + 1;
      while (k < text.length && /\s/.test(text[k])) k++;
      if (text[k] === close) {
        out += ch + close;
        stack.pop();
        i = k;
      } else {
        depth++;
        out += ch + indent();
      }
    } else if (ch === "}" || ch === "]") {
      if (stack.pop() !== ch) return null;
      depth--;
      out += indent() + ch;
      ended = stack.length === 0;
    } else if (ch === ",") {
      out += "," + indent();
    } else if (ch === ":") {
      out += ": ";
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  if (stack.length !== 0) return null;
  return out.trim() + "\n";
}

/** The text of a JSON string or property-name node, without quotes. */
const unquote = (state, node) => {
  const raw = state.sliceDoc(node.from, node.to);
  try {
    return JSON.parse(raw);
  } catch {
    return raw.replace(/^"|"$/g, "");
  }
};

/** The name of the Property node enclosing `node` (a value or key inside it), if any. */
const propertyName = (state, property) => {
  const name = property?.getChild("PropertyName");
  return name ? unquote(state, name) : null;
};

/** The nearest ancestor of `node` of type `name`. */
const ancestor = (node, name) => {
  for (let n = node?.parent; n; n = n.parent) if (n.name === name) return n;
  return null;
};

/** The strings of the statement's Action element, for condition keys those actions support. */
const statementActions = (state, statement) => {
  if (!statement) return [];
  for (const property of statement.getChildren("Property")) {
    if (propertyName(state, property) !== "Action") continue;
    const value = property.lastChild;
    if (value?.name === "String") return [unquote(state, value)];
    if (value?.name === "Array") return value.getChildren("String").map((s) => unquote(state, s));
  }
  return [];
};

/**
 * What to complete at the cursor, from the JSON structure: an action string inside
 * "Action"/"NotAction", an operator key directly under "Condition", or a condition key inside
 * an operator block. Returns {query, from} or null.
 */
export function completionQuery(state, pos) {
  const node = syntaxTree(state).resolveInner(pos, -1);
  if (node.name !== "String" && node.name !== "PropertyName") return null;
  const from = node.from + 1;
  const prefix = state.sliceDoc(from, pos);
  if (pos < from) return null;
  const property = node.name === "PropertyName" ? node.parent : ancestor(node, "Property");
  if (node.name === "String") {
    const name = propertyName(state, property);
    if (name === "Action" || name === "NotAction") return { from, query: { kind: "action", prefix } };
    return null;
  }
  // A key: what is the object it sits in the value of?
  const object = property?.parent;
  const owner = ancestor(object, "Property");
  const ownerName = propertyName(state, owner);
  if (ownerName === "Condition") return { from, query: { kind: "operator", prefix } };
  const grand = ancestor(owner?.parent, "Property");
  if (propertyName(state, grand) === "Condition") {
    const statement = grand.parent;
    return { from, query: { kind: "condition-key", prefix, actions: statementActions(state, statement) } };
  }
  return null;
}

/** Read-only text stays focusable and selectable; assistive technology is told. */
const readOnlyExtension = (readOnly) => [
  EditorState.readOnly.of(readOnly),
  EditorView.contentAttributes.of({ "aria-readonly": String(readOnly) }),
];

class IamEditor {
  constructor(parent, text, onChange) {
    if (!(parent instanceof Element)) throw new TypeError("iamEditor.create: parent must be an Element");
    this.onChange = typeof onChange === "function" ? onChange : () => {};
    this.silent = false;
    this.completer = null;
    this.readOnly = new Compartment();
    // The editor lives in a shadow root of `parent`. CodeMirror injects its
    // styles at run time: into a document that is a <style> element, which
    // the page's Content-Security-Policy (style-src 'self', no
    // 'unsafe-inline') blocks; into a shadow root it is a constructed
    // stylesheet (adoptedStyleSheets), which CSP allows. Colours still come
    // from the page: CSS custom properties inherit into shadow trees.
    const root = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
    this.view = new EditorView({
      parent: root,
      root,
      state: EditorState.create({
        doc: String(text ?? ""),
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          foldGutter(),
          drawSelection(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          syntaxHighlighting(highlightStyle),
          bracketMatching(),
          closeBrackets(),
          autocompletion({ override: [(context) => this.complete(context)] }),
          this.readOnly.of(readOnlyExtension(false)),
          highlightActiveLine(),
          highlightSelectionMatches(),
          lintGutter(),
          highlightField,
          json(),
          theme,
          // Long ARNs wrap instead of scrolling sideways in a narrow panel.
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": "Policy JSON editor" }),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...searchKeymap,
            ...historyKeymap,
            ...foldKeymap,
            ...completionKeymap,
            ...lintKeymap,
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !this.silent) this.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  getText() {
    return this.view.state.doc.toString();
  }

  complete(context) {
    if (typeof this.completer !== "function") return null;
    const found = completionQuery(context.state, context.pos);
    if (!found) return null;
    if (!context.explicit && found.query.prefix.length === 0 && found.query.kind === "action") return null;
    let options;
    try {
      options = this.completer(found.query);
    } catch {
      return null;
    }
    if (!Array.isArray(options) || options.length === 0) return null;
    return { from: found.from, options, validFor: /^[\w:*\-/<>${}.]*$/ };
  }

  setCompleter(fn) {
    this.completer = typeof fn === "function" ? fn : null;
  }

  setReadOnly(readOnly) {
    this.view.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtension(Boolean(readOnly))) });
  }

  setText(text) {
    this.silent = true;
    try {
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: String(text ?? "") },
        annotations: Transaction.addToHistory.of(false),
      });
    } finally {
      this.silent = false;
    }
  }

  setDiagnostics(list) {
    const len = this.view.state.doc.length;
    const diagnostics = (Array.isArray(list) ? list : []).map((d) => {
      const from = clamp(d.from, len);
      return {
        from,
        to: Math.max(from, clamp(d.to, len)),
        severity: SEVERITIES.has(d.severity) ? d.severity : "error",
        message: String(d.message ?? ""),
      };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  highlightRange(from, to) {
    const len = this.view.state.doc.length;
    const a = clamp(from, len);
    const b = Math.max(a, clamp(to, len));
    this.view.dispatch({
      effects: [setHighlight.of(a === b ? null : { from: a, to: b }), EditorView.scrollIntoView(a, { y: "center" })],
    });
  }

  clearHighlight() {
    this.view.dispatch({ effects: setHighlight.of(null) });
  }

  format() {
    const before = this.getText();
    const after = formatJson(before);
    if (after === null) return false;
    if (after !== before) {
      this.view.dispatch({ changes: { from: 0, to: before.length, insert: after } });
    }
    return true;
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }
}

globalThis.iamEditor = Object.freeze({
  version: 1,
  create: (parent, text, onChange) => new IamEditor(parent, text, onChange),
  formatJson,
  completionQuery,
});
