/**
 * Bandit test ids → test name and CWE, copied from PyCQA/bandit @ 92080542688902ad1eb6af74cf16939fad767d29
 * (`@test.test_id(...)` and `cwe=issue.Cwe.*` in bandit/plugins/*.py; `build_conf_dict(name, "Bnnn",
 * issue.Cwe.*)` in bandit/blacklists/{calls,imports}.py; the numbers from `class Cwe` in
 * bandit/core/issue.py).
 *
 * Ruff's flake8-bandit rules reuse the numbers with an "S" prefix (S608 is B608, "hardcoded-sql-expression"),
 * so the same table serves both. `also` adds the weakness a Bandit CWE stands for when Bandit files it
 * under a broader id (its XML checks say CWE-20; the weakness they guard against is XXE, CWE-611).
 * `category` marks the few checks that are code-quality findings rather than security ones.
 */
export interface BanditRule {
  readonly name: string;
  readonly cwe: number;
  readonly also?: readonly number[];
  readonly category?: 'lint' | 'logic';
  readonly title: string;
}

const XML = { cwe: 20, also: [611] } as const;

export const BANDIT_RULES: Readonly<Record<string, BanditRule>> = {
  B101: { name: 'assert_used', cwe: 703, category: 'lint', title: 'assert used (removed under python -O)' },
  B102: { name: 'exec_used', cwe: 78, also: [95], title: 'Use of exec' },
  B103: { name: 'set_bad_file_permissions', cwe: 732, title: 'Overly permissive file permissions' },
  B104: { name: 'hardcoded_bind_all_interfaces', cwe: 605, also: [200], title: 'Binding to all interfaces' },
  B105: { name: 'hardcoded_password_string', cwe: 259, also: [798], title: 'Hard-coded password string' },
  B106: { name: 'hardcoded_password_funcarg', cwe: 259, also: [798], title: 'Hard-coded password argument' },
  B107: { name: 'hardcoded_password_default', cwe: 259, also: [798], title: 'Hard-coded password default' },
  B108: { name: 'hardcoded_tmp_directory', cwe: 377, title: 'Insecure temporary file or directory' },
  B110: { name: 'try_except_pass', cwe: 703, category: 'lint', title: 'try/except/pass swallows errors' },
  B112: { name: 'try_except_continue', cwe: 703, category: 'lint', title: 'try/except/continue swallows errors' },
  B113: { name: 'request_without_timeout', cwe: 400, title: 'HTTP request without a timeout' },
  B201: { name: 'flask_debug_true', cwe: 94, also: [489], title: 'Flask app run with debug=True' },
  B202: { name: 'tarfile_unsafe_members', cwe: 22, title: 'tarfile.extractall without member filtering' },
  B301: { name: 'pickle', cwe: 502, title: 'pickle deserialization of untrusted data' },
  B302: { name: 'marshal', cwe: 502, title: 'marshal deserialization of untrusted data' },
  B303: { name: 'md5', cwe: 327, also: [328], title: 'Insecure hash function (MD2/MD4/MD5/SHA1)' },
  B304: { name: 'ciphers', cwe: 327, title: 'Insecure cipher' },
  B305: { name: 'cipher_modes', cwe: 327, title: 'Insecure cipher mode (ECB)' },
  B306: { name: 'mktemp_q', cwe: 377, title: 'Insecure tempfile.mktemp' },
  B307: { name: 'eval', cwe: 78, also: [95], title: 'Use of eval' },
  B308: { name: 'mark_safe', cwe: 79, title: 'mark_safe may expose XSS' },
  B310: { name: 'urllib_urlopen', cwe: 22, title: 'urlopen with file:/ or custom schemes' },
  B311: { name: 'random', cwe: 330, also: [338], title: 'Pseudo-random generator used for security' },
  B312: { name: 'telnetlib', cwe: 319, title: 'Telnet is cleartext' },
  B313: { name: 'xml_bad_cElementTree', ...XML, title: 'XML parsing vulnerable to XXE (cElementTree)' },
  B314: { name: 'xml_bad_ElementTree', ...XML, title: 'XML parsing vulnerable to XXE (ElementTree)' },
  B315: { name: 'xml_bad_expatreader', ...XML, title: 'XML parsing vulnerable to XXE (expatreader)' },
  B316: { name: 'xml_bad_expatbuilder', ...XML, title: 'XML parsing vulnerable to XXE (expatbuilder)' },
  B317: { name: 'xml_bad_sax', ...XML, title: 'XML parsing vulnerable to XXE (sax)' },
  B318: { name: 'xml_bad_minidom', ...XML, title: 'XML parsing vulnerable to XXE (minidom)' },
  B319: { name: 'xml_bad_pulldom', ...XML, title: 'XML parsing vulnerable to XXE (pulldom)' },
  B320: { name: 'xml_bad_etree', ...XML, title: 'XML parsing vulnerable to XXE (lxml.etree)' },
  B321: { name: 'ftplib', cwe: 319, title: 'FTP is cleartext' },
  B323: { name: 'unverified_context', cwe: 295, title: 'SSL context without certificate verification' },
  B324: { name: 'hashlib', cwe: 327, also: [328], title: 'Insecure hash function in hashlib' },
  B325: { name: 'tempnam', cwe: 377, title: 'Insecure os.tempnam' },
  B401: { name: 'import_telnetlib', cwe: 319, title: 'telnetlib imported (cleartext protocol)' },
  B402: { name: 'import_ftplib', cwe: 319, title: 'ftplib imported (cleartext protocol)' },
  B403: { name: 'import_pickle', cwe: 502, title: 'pickle imported (unsafe deserialization)' },
  B404: { name: 'import_subprocess', cwe: 78, title: 'subprocess imported (command execution)' },
  B405: { name: 'import_xml_etree', ...XML, title: 'xml.etree imported (XXE)' },
  B406: { name: 'import_xml_sax', ...XML, title: 'xml.sax imported (XXE)' },
  B407: { name: 'import_xml_expat', ...XML, title: 'xml.dom.expatbuilder imported (XXE)' },
  B408: { name: 'import_xml_minidom', ...XML, title: 'xml.dom.minidom imported (XXE)' },
  B409: { name: 'import_xml_pulldom', ...XML, title: 'xml.dom.pulldom imported (XXE)' },
  B410: { name: 'import_lxml', ...XML, title: 'lxml imported (XXE)' },
  B411: { name: 'import_xmlrpclib', ...XML, title: 'xmlrpc imported (XML attacks)' },
  B412: { name: 'import_httpoxy', cwe: 284, title: 'httpoxy-vulnerable CGI handler' },
  B413: { name: 'import_pycrypto', cwe: 327, title: 'Unmaintained pyCrypto imported' },
  B414: { name: 'import_pycryptodome', cwe: 327, title: 'pycryptodome imported' },
  B415: { name: 'import_pyghmi', cwe: 319, title: 'IPMI (pyghmi) is cleartext' },
  B501: { name: 'request_with_no_cert_validation', cwe: 295, title: 'HTTP request with verify=False' },
  B502: { name: 'ssl_with_bad_version', cwe: 327, also: [326], title: 'SSL/TLS with an insecure protocol version' },
  B503: { name: 'ssl_with_bad_defaults', cwe: 327, also: [326], title: 'SSL/TLS default that allows an insecure version' },
  B504: { name: 'ssl_with_no_version', cwe: 327, also: [326], title: 'SSL/TLS without an explicit protocol version' },
  B505: { name: 'weak_cryptographic_key', cwe: 326, title: 'Weak cryptographic key size' },
  B506: { name: 'yaml_load', cwe: 20, also: [502], title: 'yaml.load with an unsafe loader' },
  B507: { name: 'ssh_no_host_key_verification', cwe: 295, also: [322], title: 'SSH host key not verified' },
  B508: { name: 'snmp_insecure_version', cwe: 319, title: 'Insecure SNMP version' },
  B509: { name: 'snmp_weak_cryptography', cwe: 319, title: 'SNMPv3 without authentication or privacy' },
  B601: { name: 'paramiko_calls', cwe: 78, title: 'Shell command through paramiko' },
  B602: { name: 'subprocess_popen_with_shell_equals_true', cwe: 78, title: 'subprocess call with shell=True' },
  B603: { name: 'subprocess_without_shell_equals_true', cwe: 78, title: 'subprocess call: check for untrusted input' },
  B604: { name: 'any_other_function_with_shell_equals_true', cwe: 78, title: 'Function call with shell=True' },
  B605: { name: 'start_process_with_a_shell', cwe: 78, title: 'Process started with a shell' },
  B606: { name: 'start_process_with_no_shell', cwe: 78, title: 'Process started without a shell: check for untrusted input' },
  B607: { name: 'start_process_with_partial_path', cwe: 78, title: 'Process started with a partial executable path' },
  B608: { name: 'hardcoded_sql_expressions', cwe: 89, title: 'SQL built from strings (possible SQL injection)' },
  B609: { name: 'linux_commands_wildcard_injection', cwe: 155, also: [78], title: 'Wildcard injection in a shell command' },
  B610: { name: 'django_extra_used', cwe: 89, title: 'Django QuerySet.extra (possible SQL injection)' },
  B611: { name: 'django_rawsql_used', cwe: 89, title: 'Django RawSQL (possible SQL injection)' },
  B612: { name: 'logging_config_insecure_listen', cwe: 94, title: 'logging.config.listen can run received code' },
  B613: { name: 'trojansource', cwe: 838, title: 'Bidirectional control characters (Trojan Source)' },
  B614: { name: 'pytorch_load', cwe: 502, title: 'torch.load deserializes arbitrary objects' },
  B615: { name: 'huggingface_unsafe_download', cwe: 494, title: 'Hugging Face download without a pinned revision' },
  B701: { name: 'jinja2_autoescape_false', cwe: 94, also: [79], title: 'Jinja2 autoescape disabled' },
  B702: { name: 'use_of_mako_templates', cwe: 80, also: [79], title: 'Mako templates do not escape by default' },
  B703: { name: 'django_mark_safe', cwe: 80, also: [79], title: 'Django mark_safe on possibly untrusted data' },
  B704: { name: 'markupsafe_markup_xss', cwe: 79, title: 'markupsafe.Markup on untrusted data' },
};
