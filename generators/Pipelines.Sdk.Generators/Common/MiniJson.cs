using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// A small JSON reader for the imported-component files the build writes
/// (<c>obj/.../pipelines/imported/*.json</c>): objects become <see cref="Dictionary{TKey, TValue}"/>,
/// arrays <see cref="List{T}"/>, numbers <see cref="double"/>. The generator targets
/// netstandard2.0 and cannot count on System.Text.Json being loadable in every compiler host.
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _pos;

    private MiniJson(string text) => _text = text;

    /// <exception cref="FormatException">The text is not JSON.</exception>
    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        if (reader._pos != text.Length) throw new FormatException("Trailing characters after the JSON value.");
        return value;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length) throw new FormatException("Unexpected end of JSON.");
        var c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return ReadString();
            case 't': Expect("true"); return true;
            case 'f': Expect("false"); return false;
            case 'n': Expect("null"); return null;
            default: return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        _pos++;
        SkipWhitespace();
        if (Peek() == '}') { _pos++; return result; }
        while (true)
        {
            SkipWhitespace();
            var key = ReadString();
            SkipWhitespace();
            if (Peek() != ':') throw new FormatException("Expected ':' at " + _pos);
            _pos++;
            result[key] = ReadValue();
            SkipWhitespace();
            var c = Peek();
            _pos++;
            if (c == '}') return result;
            if (c != ',') throw new FormatException("Expected ',' or '}' at " + (_pos - 1));
        }
    }

    private List<object?> ReadArray()
    {
        var result = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']') { _pos++; return result; }
        while (true)
        {
            result.Add(ReadValue());
            SkipWhitespace();
            var c = Peek();
            _pos++;
            if (c == ']') return result;
            if (c != ',') throw new FormatException("Expected ',' or ']' at " + (_pos - 1));
        }
    }

    private string ReadString()
    {
        if (Peek() != '"') throw new FormatException("Expected a string at " + _pos);
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw new FormatException("Unterminated string.");
            var c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) throw new FormatException("Unterminated escape.");
            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length) throw new FormatException("Bad \\u escape.");
                    sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: throw new FormatException("Bad escape \\" + e);
            }
        }
    }

    private double ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0) _pos++;
        if (start == _pos) throw new FormatException("Unexpected character '" + _text[start] + "' at " + start);
        return double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw new FormatException("Expected '" + word + "' at " + _pos);
        _pos += word.Length;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    /// <summary>Compact JSON text of a parsed value (for <c>defaultValue</c>s).</summary>
    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        WriteTo(sb, value);
        return sb.ToString();
    }

    private static void WriteTo(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case string s: sb.Append(JsonObjectWriter.String(s)); break;
            case List<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteTo(sb, list[i]);
                }
                sb.Append(']');
                break;
            case Dictionary<string, object?> obj:
                sb.Append('{');
                var keys = new List<string>(obj.Keys);
                keys.Sort(StringComparer.Ordinal);
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append(JsonObjectWriter.String(keys[i])).Append(':');
                    WriteTo(sb, obj[keys[i]]);
                }
                sb.Append('}');
                break;
            default: throw new FormatException("Unexpected JSON value " + value.GetType().Name);
        }
    }
}
