; A `declarator` field only ever holds what is being declared, at any depth of pointer,
; array, function and init declarators: variables, parameters, functions, fields,
; methods, typedefs.
(_ declarator: (identifier) @definition)
(_ declarator: (field_identifier) @definition)
(_ declarator: (type_identifier) @definition)
(reference_declarator (identifier) @definition)
(structured_binding_declarator (identifier) @definition)

; Types and namespaces defined here (with a body), not merely used.
(class_specifier name: (type_identifier) @definition body: (_))
(struct_specifier name: (type_identifier) @definition body: (_))
(union_specifier name: (type_identifier) @definition body: (_))
(enum_specifier name: (type_identifier) @definition body: (_))
(enumerator name: (identifier) @definition)
(alias_declaration name: (type_identifier) @definition)
(type_parameter_declaration (type_identifier) @definition)
(namespace_definition name: (namespace_identifier) @definition)
(nested_namespace_specifier (namespace_identifier) @definition)
(concept_definition name: (identifier) @definition)

; Macros and their parameters.
(preproc_def name: (identifier) @definition)
(preproc_function_def name: (identifier) @definition)
(preproc_params (identifier) @definition)
