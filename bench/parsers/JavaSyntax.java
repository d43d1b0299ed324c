// The Java compiler's own parser, for `make quality`: parses each file named on standard
// input (one per line) without resolving a symbol, and prints "ok" or "error" for each.
import com.sun.source.util.JavacTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class JavaSyntax {
    public static void main(String[] args) throws Exception {
        var compiler = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> paths = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isBlank()) paths.add(line);
        }
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            var diagnostics = new DiagnosticCollector<JavaFileObject>();
            var units = files.getJavaFileObjects(path);
            // A module's own sources may not be compiled outside it: parse as unnamed code.
            var task = (JavacTask) compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, units);
            task.parse();
            boolean ok = diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
            out.append(ok ? "ok" : "error").append('\n');
        }
        System.out.print(out);
    }
}
