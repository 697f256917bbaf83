package dev.countersign.audit.verifier;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * {@code countersign-audit verify <export> [--jwks <file or URL>] [--issuer <issuer>]}.
 * Exit status 0 when the export is proven complete and unchanged up to its last
 * checkpoint, 1 when it is not, 2 when the command was used wrongly or a file could not
 * be read.
 */
public final class AuditVerifierCommand {

	static final int PROVEN = 0;

	static final int BROKEN = 1;

	static final int USAGE = 2;

	private static final String USAGE_TEXT = "usage: countersign-audit verify <export.ndjson> "
			+ "[--jwks <file or https URL of the server's JWK Set>] [--issuer <issuer>]";

	private AuditVerifierCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), System.out, System.err));
	}

	/**
	 * Runs the command.
	 * @param args the arguments
	 * @param out where the verdict goes
	 * @param err where usage errors go
	 * @return the exit status
	 */
	static int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.size() < 2 || !args.get(0).equals("verify") || args.size() % 2 != 0) {
			err.println(USAGE_TEXT);
			return USAGE;
		}
		Path export = Path.of(args.get(1));
		String jwks = null;
		String issuer = null;
		for (int i = 2; i < args.size(); i += 2) {
			if (args.get(i).equals("--jwks")) {
				jwks = args.get(i + 1);
			}
			else if (args.get(i).equals("--issuer")) {
				issuer = args.get(i + 1);
			}
			else {
				err.println("unknown option " + args.get(i) + "\n" + USAGE_TEXT);
				return USAGE;
			}
		}
		try {
			JWKSet keys = (jwks != null) ? keys(jwks) : null;
			ExportVerifier.Report report;
			try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
				report = new ExportVerifier(keys, issuer).verify(reader);
			}
			print(report, out);
			return report.proven() ? PROVEN : BROKEN;
		}
		catch (NoSuchFileException ex) {
			err.println("no such file: " + ex.getFile());
			return USAGE;
		}
		catch (IOException | ParseException ex) {
			err.println("cannot read " + ((jwks != null) ? "the keys or " : "") + "the export: " + ex.getMessage());
			return USAGE;
		}
	}

	private static JWKSet keys(String location) throws IOException, ParseException {
		if (location.startsWith("https://") || location.startsWith("http://")) {
			return JWKSet.load(URI.create(location).toURL());
		}
		return JWKSet.load(new File(location));
	}

	private static void print(ExportVerifier.Report report, PrintStream out) {
		if (report.proven()) {
			out.println("PROVEN: " + report.events() + " events, complete and unchanged up to the checkpoint at "
					+ "position " + report.checkpoint() + " signed " + report.checkpointAt());
		}
		else {
			out.println("BROKEN at position " + report.brokenAt() + ": " + report.reason());
			out.println(report.events() + " events checked before it" + ((report.checkpoint() != null)
					? ", proven up to the checkpoint at position " + report.checkpoint() : ""));
		}
		for (String key : report.keys()) {
			out.println("checkpoints signed with " + key);
		}
		if (!report.keysTrusted() && !report.keys().isEmpty()) {
			out.println("the keys were taken from the export itself: compare the thumbprints with the server's "
					+ "JWK Set, or pass --jwks");
		}
	}

}
