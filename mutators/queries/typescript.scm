; Types: classes, interfaces, aliases, enums and their members, namespaces.
(class_declaration name: (type_identifier) @definition)
(abstract_class_declaration name: (type_identifier) @definition)
(class name: (type_identifier) @definition)
(interface_declaration name: (type_identifier) @definition)
(type_alias_declaration name: (type_identifier) @definition)
(enum_declaration name: (identifier) @definition)
(enum_body (property_identifier) @definition)
(enum_body (enum_assignment name: (property_identifier) @definition))
(internal_module name: (identifier) @definition)
(module name: (identifier) @definition)
(type_parameter name: (type_identifier) @definition)
(property_signature name: (property_identifier) @definition)
(method_signature name: (property_identifier) @definition)

; Functions, methods, fields.
(function_declaration name: (identifier) @definition)
(function_signature name: (identifier) @definition)
(generator_function_declaration name: (identifier) @definition)
(function_expression name: (identifier) @definition)
(method_definition name: [(property_identifier) (private_property_identifier)] @definition)
(abstract_method_signature name: (property_identifier) @definition)
(public_field_definition name: [(property_identifier) (private_property_identifier)] @definition)
(assignment_expression
  left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)] @definition))

; Variables. `const fs = require("fs")` names a package, not first-party code.
(variable_declarator name: (identifier) @definition !value)
(variable_declarator
  name: (identifier) @definition
  value: (_) @_value
  (#not-match? @_value "^require\\([\"'][^./]"))
(variable_declarator name: (object_pattern [
  (shorthand_property_identifier_pattern) @definition
  (pair_pattern value: (identifier) @definition)
  (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition)]))
(variable_declarator name: (array_pattern (identifier) @definition))
(for_in_statement left: (identifier) @definition)
(catch_clause parameter: (identifier) @definition)

; Parameters (constructor parameter properties are fields too), destructured ones included.
(required_parameter pattern: (identifier) @definition)
(optional_parameter pattern: (identifier) @definition)
(required_parameter pattern: (rest_pattern (identifier) @definition))
(required_parameter pattern: (object_pattern [
  (shorthand_property_identifier_pattern) @definition
  (pair_pattern value: (identifier) @definition)
  (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition)]))
(required_parameter pattern: (array_pattern (identifier) @definition))
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
; `module.exports.format =`).
(assignment_expression
  left: (member_expression property: (property_identifier) @definition)
  right: [(function_expression) (arrow_function) (class) (assignment_expression)])
(assignment_expression
  left: (member_expression object: [(identifier) @_exports (member_expression property: (property_identifier) @_exports)]
                           property: (property_identifier) @definition)
  (#eq? @_exports "exports"))

; A package's name is the package's (`import x from 'y'`, `require('router')`), and so are
; the names bound from it and the members reached through the module they bind (`path.join`,
; even where the file has a `path` parameter).
((call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @library)))
 (#eq? @_require "require") (#not-match? @library "^\\.\\.?/"))
((import_statement source: (string (string_fragment) @library)) (#not-match? @library "^\\.\\.?/"))
((export_statement source: (string (string_fragment) @library)) (#not-match? @library "^\\.\\.?/"))
((import_statement
   (import_clause [
     (identifier) @module
     (namespace_import (identifier) @module)
     (named_imports (import_specifier name: (identifier) @library @module))])
   source: (string (string_fragment) @_source))
 (#not-match? @_source "^\\.\\.?/"))
(member_expression object: (identifier) @qualifier property: (property_identifier) @member)
(member_expression object: (member_expression property: (property_identifier) @qualifier) property: (property_identifier) @member)
(nested_type_identifier module: (identifier) @qualifier name: (type_identifier) @member)
; What is destructured from a package (`const { output } = require('proc-log')`, also
; from what a call on it returns) is the package's, and reaches its members
; (`output.standard`).
((variable_declarator
   name: (object_pattern (shorthand_property_identifier_pattern) @library @module)
   value: (_) @_value)
 (#match? @_value "require\\([\"'][^./]"))
