; Declarations: classes, functions, methods, fields.
(class_declaration name: (identifier) @definition)
(class name: (identifier) @definition)
(function_declaration name: (identifier) @definition)
(generator_function_declaration name: (identifier) @definition)
(function_expression name: (identifier) @definition)
(method_definition name: [(property_identifier) (private_property_identifier)] @definition)
(field_definition property: [(property_identifier) (private_property_identifier)] @definition)
; A field assigned in the class's own code.
(assignment_expression
  left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)] @definition))

; Variables. `const fs = require("fs")` names a package, not first-party code.
(variable_declarator name: (identifier) @definition !value)
(variable_declarator
  name: (identifier) @definition
  value: (_) @_value
  (#not-match? @_value "^require\\([\"'][^./]"))
(variable_declarator
  name: (object_pattern [
    (shorthand_property_identifier_pattern) @definition
    (pair_pattern value: (identifier) @definition)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition)])
  value: (_) @_value
  (#not-match? @_value "require\\([\"'][^./]"))
(variable_declarator name: (array_pattern (identifier) @definition))
(for_in_statement left: (identifier) @definition)
(catch_clause parameter: (identifier) @definition)

; Parameters, destructured ones included.
(formal_parameters (identifier) @definition)
(formal_parameters (assignment_pattern left: (identifier) @definition))
(formal_parameters (rest_pattern (identifier) @definition))
(formal_parameters (object_pattern (shorthand_property_identifier_pattern) @definition))
(formal_parameters (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition)))
(formal_parameters (assignment_pattern left: (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition))))
(formal_parameters (assignment_pattern left: (object_pattern (shorthand_property_identifier_pattern) @definition)))
(formal_parameters (array_pattern (identifier) @definition))
(arrow_function parameter: (identifier) @definition)

; Relative imports name first-party code; a local alias is a name this file chose.
(import_statement
  (import_clause [
    (identifier) @definition
    (named_imports (import_specifier name: (identifier) @definition))
    (namespace_import (identifier) @definition)])
  source: (string (string_fragment) @_source)
  (#match? @_source "^\\.\\.?/"))
(import_specifier alias: (identifier) @definition)
; Module exports and methods set on an object (`exports.parse = function`,
; `module.exports.format =`, `req.header = function header(name)`).
(assignment_expression
  left: (member_expression property: (property_identifier) @definition)
  right: [(function_expression) (arrow_function) (class) (assignment_expression)])
(assignment_expression
  left: (member_expression object: [(identifier) @_exports (member_expression property: (property_identifier) @_exports)]
                           property: (property_identifier) @definition)
  (#eq? @_exports "exports"))

; A package's name is the package's (`require('router')`, `import x from 'y'`), and so are
; the names bound from it and the members reached through the module they bind (`path.join`,
; even where the file has a `path` parameter).
((call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @library)))
 (#eq? @_require "require") (#not-match? @library "^\\.\\.?/"))
((import_statement source: (string (string_fragment) @library)) (#not-match? @library "^\\.\\.?/"))
((export_statement source: (string (string_fragment) @library)) (#not-match? @library "^\\.\\.?/"))
((variable_declarator
   name: (identifier) @module
   value: (call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @_source))))
 (#eq? @_require "require") (#not-match? @_source "^\\.\\.?/"))
((import_statement
   (import_clause [
     (identifier) @module
     (namespace_import (identifier) @module)
     (named_imports (import_specifier name: (identifier) @library @module))])
   source: (string (string_fragment) @_source))
 (#not-match? @_source "^\\.\\.?/"))
(member_expression object: (identifier) @qualifier property: (property_identifier) @member)
(member_expression object: (member_expression property: (property_identifier) @qualifier) property: (property_identifier) @member)
; What is destructured from a package (`const { output } = require('proc-log')`, also
; from what a call on it returns) is the package's, and reaches its members
; (`output.standard`).
((variable_declarator
   name: (object_pattern (shorthand_property_identifier_pattern) @library @module)
   value: (_) @_value)
 (#match? @_value "require\\([\"'][^./]"))
