; The file's namespace: first-party names (`namespace Acme.Lending`; `System` is kept).
(namespace_declaration name: (identifier) @definition)
(namespace_declaration name: (qualified_name name: (identifier) @definition))
(namespace_declaration name: (qualified_name qualifier: (identifier) @definition))
(namespace_declaration name: (qualified_name qualifier: (qualified_name name: (identifier) @definition)))
(namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))
(file_scoped_namespace_declaration name: (identifier) @definition)
(file_scoped_namespace_declaration name: (qualified_name name: (identifier) @definition))
(file_scoped_namespace_declaration name: (qualified_name qualifier: (identifier) @definition))
(file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name name: (identifier) @definition)))

; Types and their members.
(class_declaration name: (identifier) @definition)
(struct_declaration name: (identifier) @definition)
(interface_declaration name: (identifier) @definition)
(record_declaration name: (identifier) @definition)
(enum_declaration name: (identifier) @definition)
(enum_member_declaration name: (identifier) @definition)
(delegate_declaration name: (identifier) @definition)
(type_parameter name: (identifier) @definition)
(method_declaration name: (identifier) @definition)
(local_function_statement name: (identifier) @definition)
(constructor_declaration name: (identifier) @definition)
(property_declaration name: (identifier) @definition)
(event_declaration name: (identifier) @definition)
(variable_declarator name: (identifier) @definition)

; Parameters and locals.
(parameter name: (identifier) @definition)
(implicit_parameter) @definition
(catch_declaration name: (identifier) @definition)
(foreach_statement left: (identifier) @definition)
(declaration_expression name: (identifier) @definition)
(tuple_element name: (identifier) @definition)
