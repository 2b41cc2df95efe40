// hush inject: render a template's references to values into a private file.
#include "command.hpp"
#include "hush/resolver.hpp"
#include "resolver_support.hpp"
#include "vault_support.hpp"

namespace hush::cli {

namespace {

// Writes the rendered text where -o says: stdout for "-", else a 0600 file replaced atomically.
Result<void> write_output(Invocation& inv, const std::string& output, std::string_view text) {
    if (output != "-") return write_private_file(output, text);
    inv.out.write(text.data(), static_cast<std::streamsize>(text.size()));
    inv.out.flush();
    return {};
}

}  // namespace

int run_inject(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("input,i", po::value<std::string>()->value_name("TEMPLATE"), "the template to render")
        ("output,o", po::value<std::string>()->value_name("OUT"), "the file to write (created 0600), or '-' for stdout");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush inject -i TEMPLATE -o OUT|-",
                                  "Replace each $<secret.NAME> in TEMPLATE with its value ($$<secret.NAME> gives the "
                                  "literal $<secret.NAME>). OUT is created with mode 0600 and replaced atomically; "
                                  "'-o -' prints to stdout. A missing, deleted, disabled or expired secret or a "
                                  "malformed reference fails with TEMPLATE:line:col (exit 1) and writes nothing. "
                                  "Restricted secrets are injectable. Each injected secret is recorded in the audit log.")) {
        return *stop;
    }
    if (!vm.count("input")) return report_error(inv, "missing -i TEMPLATE (see 'hush inject --help')");
    if (!vm.count("output"))
        return report_error(inv, "missing -o: pass -o FILE to write a private file, or -o - to print the values to stdout");
    const auto& input = vm["input"].as<std::string>();
    const auto& output = vm["output"].as<std::string>();
    auto text = read_text_file(input);
    if (!text) return report_error(inv, text.error());
    auto vault = open_vault_for_read(inv);
    if (!vault) return report_error(inv, vault.error());

    std::set<std::string> used;
    auto rendered = render_template(input, *text, vault_lookup(*vault, current_date_utc(), used));
    if (!rendered) {
        inv.err << "hush inject: " << rendered.error().to_string() << "\n";
        return exit_findings;
    }
    // Recorded before the values leave the process, like a reveal.
    auto recorded = record_uses(*vault, "secret.inject", used, {{"template", input}, {"output", output}});
    if (!recorded) {
        wipe(*rendered);
        return report_error(inv, recorded.error());
    }
    auto written = write_output(inv, output, *rendered);
    wipe(*rendered);
    if (!written) return report_error(inv, written.error());
    if (output != "-" && inv.global.verbosity > 0)
        inv.err << "hush inject: wrote " << output << " (" << used.size() << " secrets)\n";
    return exit_ok;
}

}  // namespace hush::cli
