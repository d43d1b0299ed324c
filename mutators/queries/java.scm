; The file's package: first-party names, but not a leading top-level domain (`com`).
([
  (package_declaration (identifier) @definition)
  (package_declaration (scoped_identifier name: (identifier) @definition))
  (package_declaration (scoped_identifier scope: (identifier) @definition))
  (package_declaration (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))
 ]
 ; (#not-any-of? does not filter in this binding: #not-match? does.)
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|uk|de|ch|fr|nl|co|us|eu|jp)$"))

; Types and their members.
(class_declaration name: (identifier) @definition)
(interface_declaration name: (identifier) @definition)
(enum_declaration name: (identifier) @definition)
(enum_constant name: (identifier) @definition)
(record_declaration name: (identifier) @definition)
(annotation_type_declaration name: (identifier) @definition)
(annotation_type_element_declaration name: (identifier) @definition)
(type_parameter (type_identifier) @definition)
(field_declaration declarator: (variable_declarator name: (identifier) @definition))
(constant_declaration declarator: (variable_declarator name: (identifier) @definition))
(method_declaration name: (identifier) @definition)
(constructor_declaration name: (identifier) @definition)

; Locals and parameters.
(local_variable_declaration declarator: (variable_declarator name: (identifier) @definition))
(formal_parameter name: (identifier) @definition)
(spread_parameter (variable_declarator name: (identifier) @definition))
(catch_formal_parameter name: (identifier) @definition)
(enhanced_for_statement name: (identifier) @definition)
(lambda_expression parameters: (identifier) @definition)
(inferred_parameters (identifier) @definition)
(resource name: (identifier) @definition)
(type_pattern (identifier) @definition)
(record_pattern_component (identifier) @definition)
