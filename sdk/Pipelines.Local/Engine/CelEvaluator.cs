using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>
/// Evaluates the CEL subset KFP compilers emit in <c>triggerPolicy.condition</c>: literals,
/// <c>inputs.parameter_values['name']</c>, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, comparisons,
/// arithmetic, <c>int()</c>/<c>double()</c>/<c>string()</c>/<c>bool()</c>/<c>size()</c>, indexing and
/// <c>?:</c>. Numbers compare across int and double as KFP's driver sees them (protobuf Values
/// carry every number as a double). Why not the NuGet <c>Cel</c> package: see docs/local-runs.md.
/// </summary>
internal sealed class CelEvaluator
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, JsonNode?> _parameters;
    private int _pos;

    private CelEvaluator(string text, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        _text = text;
        _parameters = parameters;
    }

    /// <exception cref="FormatException">The expression is outside the subset or ill-typed.</exception>
    public static bool EvaluateCondition(string expression, IReadOnlyDictionary<string, JsonNode?> parameterValues)
    {
        var e = new CelEvaluator(expression, parameterValues);
        object? result = e.Ternary();
        e.SkipSpace();
        if (e._pos != e._text.Length) throw e.Error("unexpected text");
        return result is bool b ? b : throw new FormatException($"condition '{expression}' is not a boolean (got {Describe(result)})");
    }

    public static object? Evaluate(string expression, IReadOnlyDictionary<string, JsonNode?> parameterValues)
    {
        var e = new CelEvaluator(expression, parameterValues);
        object? result = e.Ternary();
        e.SkipSpace();
        if (e._pos != e._text.Length) throw e.Error("unexpected text");
        return result;
    }

    private FormatException Error(string what) => new($"CEL '{_text}' at {_pos}: {what}");

    private object? Ternary()
    {
        object? cond = Or();
        if (!Accept("?")) return cond;
        object? a = Ternary();
        Expect(":");
        object? b = Ternary();
        return AsBool(cond) ? a : b;
    }

    private object? Or()
    {
        object? left = And();
        while (Accept("||")) { object? right = And(); left = AsBool(left) || AsBool(right); }
        return left;
    }

    private object? And()
    {
        object? left = Relation();
        while (Accept("&&")) { object? right = Relation(); left = AsBool(left) && AsBool(right); }
        return left;
    }

    private object? Relation()
    {
        object? left = Additive();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (!Accept(op)) continue;
            object? right = Additive();
            return op switch
            {
                "==" => ValueEquals(left, right),
                "!=" => !ValueEquals(left, right),
                _ => CompareResult(op, Compare(left, right)),
            };
        }
        if (AcceptWord("in"))
        {
            object? right = Additive();
            return right switch
            {
                List<object?> list => list.Any(x => ValueEquals(left, x)),
                Dictionary<string, object?> map => left is string k && map.ContainsKey(k),
                _ => throw Error("'in' needs a list or map"),
            };
        }
        return left;
    }

    private static bool CompareResult(string op, int c) => op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };

    private object? Additive()
    {
        object? left = Multiplicative();
        while (true)
        {
            if (Accept("+")) left = Arith('+', left, Multiplicative());
            else if (Accept("-")) left = Arith('-', left, Multiplicative());
            else return left;
        }
    }

    private object? Multiplicative()
    {
        object? left = Unary();
        while (true)
        {
            if (Accept("*")) left = Arith('*', left, Unary());
            else if (Accept("/")) left = Arith('/', left, Unary());
            else if (Accept("%")) left = Arith('%', left, Unary());
            else return left;
        }
    }

    private object? Unary()
    {
        if (Accept("!")) return !AsBool(Unary());
        if (Accept("-"))
            return Unary() switch { long l => -l, double d => -d, var x => throw Error($"cannot negate {Describe(x)}") };
        return Postfix();
    }

    private object? Postfix()
    {
        object? value = Primary();
        while (true)
        {
            if (Accept("["))
            {
                object? index = Ternary();
                Expect("]");
                value = Index(value, index);
            }
            else if (Accept("."))
            {
                string member = Identifier();
                if (Accept("("))
                {
                    var args = Arguments();
                    value = Call(member, [value, .. args]);
                }
                else value = Index(value, member);
            }
            else return value;
        }
    }

    private object? Primary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("unexpected end");
        char c = _text[_pos];
        if (c == '(') { _pos++; object? v = Ternary(); Expect(")"); return v; }
        if (c == '[') { _pos++; var items = new List<object?>(); if (!Accept("]")) { do items.Add(Ternary()); while (Accept(",")); Expect("]"); } return items; }
        if (c is '\'' or '"') return StringLiteral();
        if (char.IsDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1]))) return Number();
        string name = Identifier();
        switch (name)
        {
            case "true": return true;
            case "false": return false;
            case "null": return null;
            case "inputs": return new Dictionary<string, object?> { ["parameter_values"] = _parameters.ToDictionary(p => p.Key, p => FromJson(p.Value)) };
        }
        if (Accept("(")) return Call(name, Arguments());
        throw Error($"unknown identifier '{name}'");
    }

    private List<object?> Arguments()
    {
        var args = new List<object?>();
        if (Accept(")")) return args;
        do args.Add(Ternary()); while (Accept(","));
        Expect(")");
        return args;
    }

    private object? Call(string name, List<object?> args)
    {
        if (args.Count != 1) throw Error($"{name}() takes one argument");
        object? a = args[0];
        return name switch
        {
            "int" => a switch
            {
                long l => l,
                double d => (long)Math.Truncate(d),
                string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long p) => p,
                bool b => b ? 1L : 0L,
                _ => throw Error($"int() of {Describe(a)}"),
            },
            "double" => a switch
            {
                long l => (double)l,
                double d => d,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) => p,
                _ => throw Error($"double() of {Describe(a)}"),
            },
            "string" => a switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => throw Error($"string() of {Describe(a)}"),
            },
            "bool" => a switch { bool b => b, "true" => true, "false" => false, _ => throw Error($"bool() of {Describe(a)}") },
            "size" => a switch { string s => (long)s.Length, List<object?> l => (long)l.Count, Dictionary<string, object?> m => (long)m.Count, _ => throw Error($"size() of {Describe(a)}") },
            "parseJson" => a is string text ? FromJson(JsonNode.Parse(text)) : a,
            _ => throw Error($"unknown function '{name}'"),
        };
    }

    private object? Index(object? value, object? index) => value switch
    {
        Dictionary<string, object?> map when index is string k => map.TryGetValue(k, out var v) ? v : throw Error($"no key '{k}'"),
        List<object?> list when index is long i && i >= 0 && i < list.Count => list[(int)i],
        List<object?> list when index is double d && d >= 0 && d < list.Count => list[(int)d],
        _ => throw Error($"cannot index {Describe(value)} with {Describe(index)}"),
    };

    private object? Arith(char op, object? a, object? b)
    {
        if (op == '+' && a is string sa && b is string sb) return sa + sb;
        if (op == '+' && a is List<object?> la && b is List<object?> lb) return la.Concat(lb).ToList();
        if (a is long x && b is long y)
            return op switch { '+' => x + y, '-' => x - y, '*' => x * y, '/' => y == 0 ? throw Error("division by zero") : x / y, _ => y == 0 ? throw Error("modulo by zero") : x % y };
        if (ToDouble(a) is double p && ToDouble(b) is double q)
            return op switch { '+' => p + q, '-' => p - q, '*' => p * q, '/' => p / q, _ => throw Error("% needs integers") };
        throw Error($"cannot apply {op} to {Describe(a)} and {Describe(b)}");
    }

    private int Compare(object? a, object? b)
    {
        if (ToDouble(a) is double x && ToDouble(b) is double y) return x.CompareTo(y);
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        if (a is bool p && b is bool q) return p.CompareTo(q);
        throw Error($"cannot compare {Describe(a)} with {Describe(b)}");
    }

    private static bool ValueEquals(object? a, object? b)
    {
        if (ToDouble(a) is double x && ToDouble(b) is double y) return x == y;
        if (a is List<object?> la && b is List<object?> lb) return la.Count == lb.Count && la.Zip(lb).All(p => ValueEquals(p.First, p.Second));
        if (a is Dictionary<string, object?> ma && b is Dictionary<string, object?> mb)
            return ma.Count == mb.Count && ma.All(kv => mb.TryGetValue(kv.Key, out var v) && ValueEquals(kv.Value, v));
        return Equals(a, b);
    }

    private static double? ToDouble(object? v) => v switch { long l => l, double d => d, _ => null };

    private bool AsBool(object? v) => v is bool b ? b : throw Error($"expected a boolean, got {Describe(v)}");

    private static string Describe(object? v) => v switch
    {
        null => "null",
        string s => $"string '{s}'",
        bool b => b ? "true" : "false",
        long l => $"int {l}",
        double d => $"double {d.ToString(CultureInfo.InvariantCulture)}",
        List<object?> => "a list",
        _ => "a map",
    };

    internal static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value)),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // KFP's driver hands CEL protobuf Values: every number is a double.
            JsonValueKind.Number => ParameterValues.AsDouble(v),
            _ => null,
        },
        _ => null,
    };

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        Dictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        _ => null,
    };

    private string StringLiteral()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            char c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length)
            {
                char e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
            else sb.Append(c);
        }
        if (_pos >= _text.Length) throw Error("unterminated string");
        _pos++;
        return sb.ToString();
    }

    private object Number()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E' || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E'))) _pos++;
        string s = _text[start.._pos];
        if (_pos < _text.Length && _text[_pos] is 'u') _pos++;
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return l;
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private string Identifier()
    {
        SkipSpace();
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (start == _pos) throw Error("expected an identifier");
        return _text[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0) return false;
        // "<" must not swallow "<=", "!" must not swallow "!=", "|"/"&" come in pairs only.
        if (token is "<" or ">" or "!" or "=" && _pos + 1 < _text.Length && _text[_pos + 1] == '=') return false;
        _pos += token.Length;
        return true;
    }

    private bool AcceptWord(string word)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
        int end = _pos + word.Length;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token)) throw Error($"expected '{token}'");
    }
}
