; The file's package is first-party (`package main` is kept by name).
(package_clause (package_identifier) @definition)

; Types, their fields and interface methods.
(type_spec name: (type_identifier) @definition)
(type_alias name: (type_identifier) @definition)
(type_parameter_declaration name: (identifier) @definition)
(field_declaration name: (field_identifier) @definition)
(method_elem name: (field_identifier) @definition)

; Functions and methods; receivers, parameters and named results.
(function_declaration name: (identifier) @definition)
(method_declaration name: (field_identifier) @definition)
(parameter_declaration name: (identifier) @definition)
(variadic_parameter_declaration name: (identifier) @definition)

; Constants and variables.
(const_spec name: (identifier) @definition)
(var_spec name: (identifier) @definition)
(short_var_declaration left: (expression_list (identifier) @definition))
(range_clause left: (expression_list (identifier) @definition))
(type_switch_statement alias: (expression_list (identifier) @definition))

; The standard library's import paths (no dot in the first segment: `net/http`,
; `text/template`) and their aliases are its own names, and so are the members reached
; through them (`http.Header`, `template.FuncMap`).
((import_spec path: (interpreted_string_literal) @library @module) (#not-match? @library "^\"[^/\"]*\\."))
((import_spec name: (package_identifier) @module path: (interpreted_string_literal) @_path)
 (#not-match? @_path "^\"[^/\"]*\\."))
(selector_expression operand: (identifier) @qualifier field: (field_identifier) @member)
(qualified_type package: (package_identifier) @qualifier name: (type_identifier) @member)
