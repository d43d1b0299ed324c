; Modules, classes, methods, constants.
(module name: (constant) @definition)
(module name: (scope_resolution name: (constant) @definition))
(class name: (constant) @definition)
(class name: (scope_resolution name: (constant) @definition))
(method name: (identifier) @definition)
(singleton_method name: (identifier) @definition)
(alias name: (identifier) @definition)
(assignment left: (constant) @definition)

; Attributes declared by symbol.
((call
   method: (identifier) @_declares
   arguments: (argument_list (simple_symbol) @definition))
 (#match? @_declares "^attr_(reader|writer|accessor)$"))

; Variables: locals, instance, class and global variables assigned here.
(assignment left: [(identifier) (instance_variable) (class_variable) (global_variable)] @definition)
(operator_assignment left: [(identifier) (instance_variable) (class_variable) (global_variable)] @definition)
(left_assignment_list [(identifier) (instance_variable)] @definition)
(for pattern: (identifier) @definition)
(exception_variable (identifier) @definition)

; Parameters of methods, blocks and lambdas.
(method_parameters (identifier) @definition)
(block_parameters (identifier) @definition)
(lambda_parameters (identifier) @definition)
(optional_parameter name: (identifier) @definition)
(keyword_parameter name: (identifier) @definition)
(splat_parameter name: (identifier) @definition)
(hash_splat_parameter name: (identifier) @definition)
(block_parameter name: (identifier) @definition)
(destructured_parameter (identifier) @definition)

; `def POST`: a method may be named like a constant.
(method name: (constant) @definition)

; `require 'json'` names a library (`require_relative` names first-party files).
((call method: (identifier) @_require arguments: (argument_list (string (string_content) @library)))
 (#eq? @_require "require"))
