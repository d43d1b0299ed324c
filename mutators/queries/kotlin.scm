; The file's package: first-party names, but not a leading top-level domain (`com`).
((package_header (qualified_identifier (identifier) @definition))
 ; (#not-any-of? does not filter in this binding: #not-match? does.)
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|uk|de|ch|fr|nl|co|us|eu|jp)$"))

; Types and their members.
(class_declaration name: (identifier) @definition)
(object_declaration name: (identifier) @definition)
(enum_entry (identifier) @definition)
(type_alias type: (identifier) @definition)
(type_parameter (identifier) @definition)
(function_declaration name: (identifier) @definition)
(class_parameter (identifier) @definition)

; Properties, locals, parameters (lambdas and destructuring included), caught exceptions.
(variable_declaration (identifier) @definition)
(parameter (identifier) @definition)
(catch_block (identifier) @definition)
