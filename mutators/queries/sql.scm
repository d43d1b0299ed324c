; What the code creates: schemas, tables and their columns, views, indexes, functions.
(create_schema (identifier) @definition)
(create_table (object_reference name: (identifier) @definition))
(create_table (object_reference schema: (identifier) @definition))
(column_definition name: (identifier) @definition)
(create_view (object_reference name: (identifier) @definition))
(create_view (object_reference schema: (identifier) @definition))
(create_materialized_view (object_reference name: (identifier) @definition))
(create_index column: (identifier) @definition)
(create_function (object_reference name: (identifier) @definition))
(function_argument (identifier) @definition)

; Names a query gives: common table expressions and aliases of tables and columns.
(cte (identifier) @definition)
(term alias: (identifier) @definition)
(relation alias: (identifier) @definition)

; Procedures, triggers, sequences, types, databases and the constraints a table names.
(create_procedure (object_reference name: (identifier) @definition))
(create_trigger (object_reference name: (identifier) @definition))
(create_sequence (object_reference name: (identifier) @definition))
(create_type (object_reference name: (identifier) @definition))
(create_database (identifier) @definition)
(constraint name: (identifier) @definition)
(add_constraint (identifier) @definition)
(create_index (identifier) @definition)
; A quoted column name (`"ReportsTo"`) is read as a literal.
(column_definition name: (literal) @definition)
