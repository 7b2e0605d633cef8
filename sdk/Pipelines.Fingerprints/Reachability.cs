using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace Pipelines.Fingerprints;

/// <summary>
/// The closure of what one component can execute in the user assemblies (the app and its helper
/// libraries), from its roots, as canonical inputs: each reached method, type and field hashed over
/// its IL, signature and the names (not tokens) of what it references. Conservative where static
/// reach is unknowable; the rules are in docs/images.md (the component fingerprint):
/// <list type="bullet">
/// <item>a type is reached when reached code names it anywhere (IL operand, signature, local,
/// generic argument, attribute); a reached type brings its static constructor, its virtual methods
/// (so every override or implementation a call through a base or interface can land on), its base
/// types and interfaces, and, unless compiler-generated, its fields, properties, events and
/// constructors (what serializers reach by reflection);</item>
/// <item>a reached method brings the compiler-generated types of its enclosing type named after it
/// (state machines, closures), and the attributes on it;</item>
/// <item>an assembly whose code is reached brings its module initializer, its assembly attributes
/// (not the version ones) and its embedded resources;</item>
/// <item>a call that can find code by name (<c>Type.GetType(string)</c>, <c>Assembly.Load*</c>,
/// <c>Activator.CreateInstance(string…)</c>, <c>Type.GetMethod(s)</c>…) folds every user assembly in whole.</item>
/// </list>
/// </summary>
internal sealed class Reachability
{
    private readonly Dictionary<string, CodeAssembly> _assemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<MetadataReader, CodeAssembly> _byReader = new();
    private readonly List<CodeAssembly> _order = [];
    private readonly Func<CodeAssembly, TypeDefinitionHandle, bool> _isExcluded;
    private readonly SignatureNames _names;
    private readonly SignatureNames _plainNames;
    private readonly HashSet<(CodeAssembly, EntityHandle)> _seen = new();
    private readonly Queue<(CodeAssembly Assembly, EntityHandle Handle)> _work = new();
    private readonly HashSet<CodeAssembly> _touched = new();
    private readonly HashSet<string> _externalAssemblies = new(StringComparer.OrdinalIgnoreCase);
    private bool _folded;

    public Reachability(IEnumerable<CodeAssembly> assemblies, Func<CodeAssembly, TypeDefinitionHandle, bool> isExcluded)
    {
        foreach (var assembly in assemblies)
        {
            _assemblies[assembly.Name] = assembly;
            _byReader[assembly.Reader] = assembly;
            _order.Add(assembly);
        }
        _isExcluded = isExcluded;
        _names = new SignatureNames(this, r => _byReader[r]);
        _plainNames = new SignatureNames(null, r => _byReader[r]);
    }

    private readonly Dictionary<string, List<string>> _inputs = new(StringComparer.Ordinal);

    /// <summary>Input key → SHA-256 of its canonical form. Members whose keys collide (<see cref="CodeAssembly.StableName"/>)
    /// are kept both: their digests, sorted, are hashed together.</summary>
    public SortedDictionary<string, string> Inputs
    {
        get
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, values) in _inputs)
            {
                if (values.Count == 1) { result[key] = values[0]; continue; }
                using var hash = new CanonicalHash();
                foreach (var value in values.Order(StringComparer.Ordinal)) hash.Write(value);
                result[key] = hash.Finish();
            }
            return result;
        }
    }

    private void AddInput(string key, string value)
    {
        _recording?.Inputs.Add((key, value));
        if (!_inputs.TryGetValue(key, out var values)) _inputs[key] = values = [];
        values.Add(value);
    }

    /// <summary>What <see cref="Touch"/> did for one assembly, replayed by every later walk over the same assemblies (a
    /// build walks once per component, and hashing an assembly's attributes was a quarter of each walk). Entities are
    /// recorded before this walk's exclusions, which the replay applies.</summary>
    internal sealed class AssemblyTouch
    {
        public List<(string Key, string Value)> Inputs { get; } = [];
        public List<(CodeAssembly Assembly, EntityHandle Handle)> Enqueued { get; } = [];
        public List<(CodeAssembly Assembly, TypeDefinitionHandle Type)> Mentioned { get; } = [];
        public List<string> ExternalAssemblies { get; } = [];
    }

    private AssemblyTouch? _recording;

    /// <summary>Assemblies outside the user ones that reached code references, by simple name, with the referenced version.</summary>
    public SortedDictionary<string, string> ExternalAssemblies
    {
        get
        {
            var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var assembly in _touched)
            {
                foreach (var handle in assembly.Reader.AssemblyReferences)
                {
                    var reference = assembly.Reader.GetAssemblyReference(handle);
                    var name = assembly.Reader.GetString(reference.Name);
                    if (_externalAssemblies.Contains(name) && !_assemblies.ContainsKey(name))
                        result[name] = reference.Version.ToString();
                }
            }

            return result;
        }
    }

    /// <summary>The walk's findings, once it has run from <paramref name="start"/> (the caller's text for its roots and
    /// exclusions).</summary>
    public WalkResult Result(string start)
    {
        // Every method whose body the walk read: a later build may reuse the walk while these bodies and the
        // assemblies' shapes stay the same (WalkRecord).
        var bodies = string.Join(";", _seen.Where(s => s.Item2.Kind == HandleKind.MethodDefinition)
            .GroupBy(s => _order.IndexOf(s.Item1)).OrderBy(g => g.Key)
            .Select(g => g.Key + ":" + string.Join(",", g.Select(s => MetadataTokens.GetRowNumber(s.Item2)).Order())));
        return new WalkResult(start, bodies, Inputs, ExternalAssemblies, FoundCodeByName);
    }

    public void AddRoot(CodeAssembly assembly, MethodDefinitionHandle method) => Enqueue(assembly, method);

    /// <summary>Never walks <paramref name="method"/>, even where reached code names it (it still counts by name in the
    /// code that names it): for code that provably does not run from these roots, e.g. the component executors a
    /// pipeline trace only takes delegates of.
    /// Code found by name (<see cref="FoldEverything"/>) may call anything: then they are walked too.</summary>
    public void Exclude(CodeAssembly assembly, MethodDefinitionHandle method) => _excluded.Add((assembly, method));

    private readonly HashSet<(CodeAssembly, EntityHandle)> _excluded = new();

    /// <summary>Reached code can find code by name (<see cref="FoldEverything"/>): static reach says nothing about what runs.</summary>
    public bool FoundCodeByName => _folded;

    /// <summary>Everything in every user assembly: the answer when code can be found by name.</summary>
    public void FoldEverything(string reason)
    {
        _recording = null; // a fold while touching an assembly (not seen in practice): that touch is not replayable
        AddInput("reflection " + reason, "");
        if (_folded) return;
        _folded = true;
        foreach (var assembly in _assemblies.Values)
        {
            Touch(assembly);
            foreach (var type in assembly.Types)
            {
                MentionType(assembly, type);
                foreach (var method in assembly.Reader.GetTypeDefinition(type).GetMethods()) Enqueue(assembly, method);
            }
        }
    }

    public void Run()
    {
        while (_work.Count > 0)
        {
            var (assembly, handle) = _work.Dequeue();
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition: ProcessMethod(assembly, (MethodDefinitionHandle)handle); break;
                case HandleKind.TypeDefinition: ProcessType(assembly, (TypeDefinitionHandle)handle); break;
                case HandleKind.FieldDefinition: ProcessField(assembly, (FieldDefinitionHandle)handle); break;
            }
        }
    }

    // ---- mentions (called by SignatureNames while decoding) ----

    public void MentionType(CodeAssembly assembly, TypeDefinitionHandle type)
    {
        _recording?.Mentioned.Add((assembly, type));
        if (!_isExcluded(assembly, type)) EnqueueUnrecorded(assembly, type);
    }

    public void MentionTypeByName(string assemblyName, string typeName)
    {
        if (!_assemblies.TryGetValue(assemblyName, out var assembly))
        {
            _recording?.ExternalAssemblies.Add(assemblyName);
            _externalAssemblies.Add(assemblyName);
            return;
        }
        if (assembly.TryFindType(typeName, out var handle)) MentionType(assembly, handle);
    }

    public void MentionTypeInAnyAssembly(string typeName)
    {
        foreach (var assembly in _assemblies.Values)
            if (assembly.TryFindType(typeName, out var handle)) MentionType(assembly, handle);
    }

    public PrimitiveTypeCode? UnderlyingEnumType(string typeKey)
    {
        var close = typeKey.IndexOf(']');
        if (!typeKey.StartsWith('[') || close < 0) return null;
        if (!_assemblies.TryGetValue(typeKey[1..close], out var assembly)) return FrameworkEnums.UnderlyingType(typeKey[1..close], typeKey[(close + 1)..]);
        if (!assembly.TryFindType(typeKey[(close + 1)..], out var handle)) return null;
        var reader = assembly.Reader;
        foreach (var fieldHandle in reader.GetTypeDefinition(handle).GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            if ((field.Attributes & FieldAttributes.Static) != 0) continue;
            var blob = reader.GetBlobReader(field.Signature);
            blob.ReadSignatureHeader();
            return blob.ReadSignatureTypeCode() switch
            {
                SignatureTypeCode.Boolean => PrimitiveTypeCode.Boolean,
                SignatureTypeCode.Char => PrimitiveTypeCode.Char,
                SignatureTypeCode.SByte => PrimitiveTypeCode.SByte,
                SignatureTypeCode.Byte => PrimitiveTypeCode.Byte,
                SignatureTypeCode.Int16 => PrimitiveTypeCode.Int16,
                SignatureTypeCode.UInt16 => PrimitiveTypeCode.UInt16,
                SignatureTypeCode.UInt32 => PrimitiveTypeCode.UInt32,
                SignatureTypeCode.Int64 => PrimitiveTypeCode.Int64,
                SignatureTypeCode.UInt64 => PrimitiveTypeCode.UInt64,
                _ => PrimitiveTypeCode.Int32,
            };
        }
        return null;
    }

    // ---- work items ----

    private void Enqueue(CodeAssembly assembly, EntityHandle handle)
    {
        _recording?.Enqueued.Add((assembly, handle));
        EnqueueUnrecorded(assembly, handle);
    }

    private void EnqueueUnrecorded(CodeAssembly assembly, EntityHandle handle)
    {
        if (!_folded && _excluded.Contains((assembly, handle))) return;
        if (_seen.Add((assembly, handle))) _work.Enqueue((assembly, handle));
    }

    /// <summary>An assembly whose code runs: its module initializer, attributes and embedded resources.</summary>
    private void Touch(CodeAssembly assembly)
    {
        if (!_touched.Add(assembly)) return;
        if (assembly.Touch is { } done)
        {
            foreach (var (key, value) in done.Inputs) AddInput(key, value);
            foreach (var (a, handle) in done.Enqueued) Enqueue(a, handle);
            foreach (var (a, type) in done.Mentioned) MentionType(a, type);
            foreach (var name in done.ExternalAssemblies) _externalAssemblies.Add(name);
            return;
        }
        // Touching never starts another touch (it only enqueues), so one recording at a time.
        _recording = new AssemblyTouch();
        TouchFirstTime(assembly);
        assembly.Touch = _recording;
        _recording = null;
    }

    private void TouchFirstTime(CodeAssembly assembly)
    {
        var reader = assembly.Reader;
        var module = MetadataTokens.TypeDefinitionHandle(1); // <Module>
        foreach (var method in reader.GetTypeDefinition(module).GetMethods())
            if (reader.GetString(reader.GetMethodDefinition(method).Name) == ".cctor") Enqueue(assembly, method);

        using var hash = new CanonicalHash();
        var behaviourAttributes = reader.GetAssemblyDefinition().GetCustomAttributes().Where(handle =>
        {
            // Version, commit and the generator's specs (every component's) do not change what runs.
            var type = AttributeTypeName(assembly, reader.GetCustomAttribute(handle));
            return !(type.EndsWith("]System.Reflection.AssemblyInformationalVersionAttribute", StringComparison.Ordinal)
                || type.EndsWith("]System.Reflection.AssemblyFileVersionAttribute", StringComparison.Ordinal)
                || type.EndsWith("]System.Reflection.AssemblyVersionAttribute", StringComparison.Ordinal)
                || type.EndsWith("]System.Reflection.AssemblyMetadataAttribute", StringComparison.Ordinal));
        });
        foreach (var handle in behaviourAttributes) WriteAttribute(assembly, handle, hash);
        WriteAttributes(assembly, reader.GetModuleDefinition().GetCustomAttributes(), hash);
        AddInput($"assembly [{assembly.Name}]", hash.Finish());

        foreach (var handle in reader.ManifestResources)
        {
            var resource = reader.GetManifestResource(handle);
            if (!resource.Implementation.IsNil) continue; // linked or in another assembly: a file of the image, hashed as content
            AddInput($"resource [{assembly.Name}]{reader.GetString(resource.Name)}", CanonicalHash.Of(assembly.ResourceData(resource)));
        }
    }

    private void ProcessType(CodeAssembly assembly, TypeDefinitionHandle handle)
    {
        Touch(assembly);
        var reader = assembly.Reader;
        var type = reader.GetTypeDefinition(handle);
        var generated = reader.GetString(type.Name).StartsWith('<');
        using var hash = new CanonicalHash();
        hash.Write((long)type.Attributes);
        if (!type.BaseType.IsNil) hash.Write(Resolve(assembly, type.BaseType));
        foreach (var i in type.GetInterfaceImplementations())
            hash.Write(Resolve(assembly, reader.GetInterfaceImplementation(i).Interface));
        WriteGenericParameters(assembly, type.GetGenericParameters(), hash);
        var layout = type.GetLayout();
        hash.Write(layout.PackingSize).Write(layout.Size);
        WriteAttributes(assembly, type.GetCustomAttributes(), hash);

        if (!generated)
        {
            // What serializers and reflection over a type's shape see.
            foreach (var field in type.GetFields())
            {
                // Constants are copied into the IL of each use: the user's hash carries the value.
                if ((reader.GetFieldDefinition(field).Attributes & FieldAttributes.Literal) != 0) continue;
                hash.Write(FieldKey(assembly, field));
                Enqueue(assembly, field);
            }
            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                hash.Write(reader.GetString(property.Name)).Write((long)property.Attributes);
                var signature = property.DecodeSignature(_names, null);
                hash.Write(signature.ReturnType + "(" + string.Join(",", signature.ParameterTypes) + ")");
                WriteAttributes(assembly, property.GetCustomAttributes(), hash);
                var accessors = property.GetAccessors();
                foreach (var accessor in new[] { accessors.Getter, accessors.Setter }.Concat(accessors.Others).Where(a => !a.IsNil))
                    Enqueue(assembly, accessor);
            }
            foreach (var eventHandle in type.GetEvents())
            {
                var e = reader.GetEventDefinition(eventHandle);
                hash.Write(reader.GetString(e.Name)).Write(Resolve(assembly, e.Type));
                WriteAttributes(assembly, e.GetCustomAttributes(), hash);
                var accessors = e.GetAccessors();
                foreach (var accessor in new[] { accessors.Adder, accessors.Remover, accessors.Raiser }.Concat(accessors.Others).Where(a => !a.IsNil))
                    Enqueue(assembly, accessor);
            }
        }
        // A type with interfaces may implement static abstract members implicitly (by name, not marked virtual): a
        // constrained call through a type argument lands on them, so its public static methods count too.
        var implementsInterfaces = type.GetInterfaceImplementations().Count > 0;
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            var name = reader.GetString(method.Name);
            var isVirtual = (method.Attributes & MethodAttributes.Virtual) != 0;
            var staticImplementation = implementsInterfaces && (method.Attributes & (MethodAttributes.Static | MethodAttributes.Public)) == (MethodAttributes.Static | MethodAttributes.Public);
            if (isVirtual || staticImplementation || name == ".cctor" || (!generated && name == ".ctor")) Enqueue(assembly, methodHandle);
        }
        // Explicit interface implementations name the bodies they bind.
        foreach (var implementation in type.GetMethodImplementations())
        {
            var impl = reader.GetMethodImplementation(implementation);
            hash.Write(Resolve(assembly, impl.MethodBody)).Write(Resolve(assembly, impl.MethodDeclaration));
        }
        AddInput("type " + assembly.TypeKey(handle), hash.Finish());
    }

    private void ProcessField(CodeAssembly assembly, FieldDefinitionHandle handle)
    {
        Touch(assembly);
        var reader = assembly.Reader;
        var field = reader.GetFieldDefinition(handle);
        MentionType(assembly, field.GetDeclaringType());
        using var hash = new CanonicalHash();
        hash.Write((long)field.Attributes);
        var signature = field.DecodeSignature(_names, null);
        hash.Write(signature);
        if (!field.GetDefaultValue().IsNil)
            hash.Write(reader.GetBlobBytes(reader.GetConstant(field.GetDefaultValue()).Value));
        if ((field.Attributes & FieldAttributes.HasFieldRVA) != 0)
            hash.Write(assembly.FieldData(field));
        WriteAttributes(assembly, field.GetCustomAttributes(), hash);
        AddInput("field " + FieldKey(assembly, handle), hash.Finish());
    }

    private void ProcessMethod(CodeAssembly assembly, MethodDefinitionHandle handle)
    {
        Touch(assembly);
        var reader = assembly.Reader;
        var method = reader.GetMethodDefinition(handle);
        var declaring = method.GetDeclaringType();
        MentionType(assembly, declaring);

        using var hash = new CanonicalHash();
        hash.Write((long)method.Attributes).Write((long)method.ImplAttributes);
        hash.Write(SignatureNames.Method(method.DecodeSignature(_names, null)));
        WriteGenericParameters(assembly, method.GetGenericParameters(), hash);
        foreach (var parameterHandle in method.GetParameters())
        {
            var parameter = reader.GetParameter(parameterHandle);
            hash.Write(parameter.SequenceNumber).Write(reader.GetString(parameter.Name)).Write((long)parameter.Attributes);
            if (!parameter.GetDefaultValue().IsNil) hash.Write(reader.GetBlobBytes(reader.GetConstant(parameter.GetDefaultValue()).Value));
            WriteAttributes(assembly, parameter.GetCustomAttributes(), hash);
        }
        WriteAttributes(assembly, method.GetCustomAttributes(), hash);

        var il = assembly.ILBytes(method, out var body);
        if (body is not null)
        {
            hash.Write(body.MaxStack).Write(body.LocalVariablesInitialized ? 1 : 0);
            if (!body.LocalSignature.IsNil)
                hash.Write(string.Join(",", reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_names, null)));
            foreach (var region in body.ExceptionRegions)
            {
                hash.Write((long)region.Kind).Write(region.TryOffset).Write(region.TryLength).Write(region.HandlerOffset).Write(region.HandlerLength).Write(region.FilterOffset);
                if (!region.CatchType.IsNil) hash.Write(Resolve(assembly, region.CatchType));
            }
            WriteIl(assembly, handle, il.AsSpan(), hash);
        }

        // State machines and closures of this method: <Name>d__N, <Name>b__…, <>c__DisplayClassN_0 are reached through
        // IL already; this catches the ones only the runtime instantiates.
        var prefix = "<" + reader.GetString(method.Name) + ">";
        foreach (var nested in reader.GetTypeDefinition(declaring).GetNestedTypes())
        {
            if (reader.GetString(reader.GetTypeDefinition(nested).Name).StartsWith(prefix, StringComparison.Ordinal))
                MentionType(assembly, nested);
        }

        AddInput("method " + MethodKey(assembly, handle), hash.Finish());
    }

    private void WriteIl(CodeAssembly assembly, MethodDefinitionHandle method, ReadOnlySpan<byte> il, CanonicalHash hash)
    {
        var offset = 0;
        while (offset < il.Length)
        {
            if (IlOpCodes.At(il, offset) is not { } op)
            {
                hash.Write(il[offset..]); // not IL we know: keep the bytes as they are
                return;
            }
            hash.Write(op.Value);
            offset += op.Size;
            var size = IlOpCodes.OperandLength(op, il, offset);
            if (size < 0 || offset + size > il.Length) { hash.Write(il[offset..]); return; }
            if (op.OperandType == OperandType.InlineSwitch)
            {
                hash.Write(il.Slice(offset, size));
                offset += size;
                continue;
            }
            if (IlOpCodes.IsToken(op.OperandType))
                hash.Write(Resolve(assembly, MetadataTokens.EntityHandle(BitConverter.ToInt32(il.Slice(offset, 4))), method));
            else if (op.OperandType == OperandType.InlineString)
                hash.Write(assembly.Reader.GetUserString(MetadataTokens.UserStringHandle(BitConverter.ToInt32(il.Slice(offset, 4)) & 0xFFFFFF)));
            else
                hash.Write(il.Slice(offset, size));
            offset += size;
        }
    }

    /// <summary>The canonical name of what a token refers to; reaches it on the way.</summary>
    private string Resolve(CodeAssembly assembly, EntityHandle handle, MethodDefinitionHandle caller = default)
    {
        var reader = assembly.Reader;
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                Enqueue(assembly, handle);
                return "method " + MethodKey(assembly, (MethodDefinitionHandle)handle);
            case HandleKind.FieldDefinition:
                Enqueue(assembly, handle);
                return "field " + FieldKey(assembly, (FieldDefinitionHandle)handle);
            case HandleKind.TypeDefinition:
                MentionType(assembly, (TypeDefinitionHandle)handle);
                return assembly.TypeKey((TypeDefinitionHandle)handle);
            case HandleKind.TypeReference:
                return _names.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0);
            case HandleKind.TypeSpecification:
                return _names.GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0);
            case HandleKind.MemberReference:
                return ResolveMemberReference(assembly, (MemberReferenceHandle)handle, caller);
            case HandleKind.MethodSpecification:
                {
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    var generic = Resolve(assembly, spec.Method, caller);
                    return generic + "<" + string.Join(",", spec.DecodeSignature(_names, null)) + ">";
                }
            case HandleKind.StandaloneSignature:
                return SignatureNames.Method(reader.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(_names, null));
            case HandleKind.ModuleReference:
                return "module " + reader.GetString(reader.GetModuleReference((ModuleReferenceHandle)handle).Name);
            default:
                return handle.Kind + " " + MetadataTokens.GetToken(handle);
        }
    }

    private string ResolveMemberReference(CodeAssembly assembly, MemberReferenceHandle handle, MethodDefinitionHandle caller)
    {
        var reader = assembly.Reader;
        var reference = reader.GetMemberReference(handle);
        var name = reader.GetString(reference.Name);
        var parent = Resolve(assembly, reference.Parent, caller);
        var isField = reference.GetKind() == MemberReferenceKind.Field;
        var signature = isField ? reference.DecodeFieldSignature(_names, null) : SignatureNames.Method(reference.DecodeMethodSignature(_names, null));

        if (UserTypeOf(assembly, reference.Parent) is var (target, type))
        {
            var plain = isField ? reference.DecodeFieldSignature(_plainNames, null) : SignatureNames.Method(reference.DecodeMethodSignature(_plainNames, null));
            ReachMember(target, type, name, plain, isField);
        }
        else if (!isField && ReflectionByName.Finds(parent, name, signature))
        {
            var where = caller.IsNil ? assembly.Name : MethodKey(assembly, caller);
            FoldEverything($"{where} calls {parent}::{name}");
        }
        return $"{parent}::{name} {signature}";
    }

    /// <summary>The member a reference into a user assembly binds to, by name and signature; every member of that name
    /// (up the base types) when no signature matches, rather than none.</summary>
    private void ReachMember(CodeAssembly assembly, TypeDefinitionHandle typeHandle, string name, string signature, bool isField)
    {
        var reader = assembly.Reader;
        var type = reader.GetTypeDefinition(typeHandle);
        var byName = new List<EntityHandle>();
        if (isField)
        {
            foreach (var field in type.GetFields())
                if (reader.GetString(reader.GetFieldDefinition(field).Name) == name) byName.Add(field);
        }
        else
        {
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (reader.GetString(method.Name) != name) continue;
                if (SignatureNames.Method(method.DecodeSignature(_plainNames, null)) == signature) { Enqueue(assembly, methodHandle); return; }
                byName.Add(methodHandle);
            }
        }
        if (byName.Count > 0)
        {
            foreach (var member in byName) Enqueue(assembly, member);
            return;
        }
        if (UserTypeOf(assembly, type.BaseType) is var (baseAssembly, baseType))
            ReachMember(baseAssembly, baseType, name, signature, isField);
    }

    /// <summary>The user type a type token (definition, reference or generic instantiation) stands for, if any.</summary>
    private (CodeAssembly, TypeDefinitionHandle)? UserTypeOf(CodeAssembly assembly, EntityHandle handle)
    {
        var reader = assembly.Reader;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return (assembly, (TypeDefinitionHandle)handle);
            case HandleKind.TypeReference:
                {
                    var (assemblyName, typeName) = SignatureNames.ReferencedType(reader, (TypeReferenceHandle)handle);
                    var target = assemblyName is null ? assembly : _assemblies.GetValueOrDefault(assemblyName);
                    return target is not null && target.TryFindType(typeName, out var found) ? (target, found) : null;
                }
            case HandleKind.TypeSpecification:
                {
                    var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                    if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
                    blob.ReadSignatureTypeCode();
                    return UserTypeOf(assembly, blob.ReadTypeHandle());
                }
            case HandleKind.MethodDefinition:
                return (assembly, assembly.Reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
            default:
                return null;
        }
    }

    private void WriteAttributes(CodeAssembly assembly, CustomAttributeHandleCollection attributes, CanonicalHash hash)
    {
        foreach (var handle in attributes) WriteAttribute(assembly, handle, hash);
    }

    private void WriteAttribute(CodeAssembly assembly, CustomAttributeHandle handle, CanonicalHash hash)
    {
        var reader = assembly.Reader;
        var attribute = reader.GetCustomAttribute(handle);
        hash.Write(Resolve(assembly, attribute.Constructor));
        var value = reader.GetBlobBytes(attribute.Value);
        try
        {
            // Decoded, so the types named in typeof(...) arguments are reached and written by their stable keys.
            var decoded = attribute.DecodeValue(_names);
            foreach (var argument in decoded.FixedArguments) WriteArgument(argument.Type, argument.Value, hash);
            foreach (var argument in decoded.NamedArguments) WriteArgument(argument.Kind + " " + argument.Name + " " + argument.Type, argument.Value, hash);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            hash.Write(value); // token-free: types in attribute values are written by name
            // An enum of another assembly cannot be sized here: look for user type names in the bytes instead (once per
            // blob: every walk of the build asks again, and one blob is shared by every use of the same arguments).
            if (!assembly.TypesNamedInBlobs.TryGetValue(attribute.Value, out var named))
            {
                var text = Encoding.Latin1.GetString(value);
                named = [.. _assemblies.Values.SelectMany(candidate => candidate.SerializedTypeNames
                    .Where(t => text.Contains(t.SerializedName, StringComparison.Ordinal)).Select(t => (candidate, t.Handle)))];
                assembly.TypesNamedInBlobs[attribute.Value] = named;
            }
            foreach (var (candidate, type) in named) MentionType(candidate, type);
        }
    }

    private static void WriteArgument(string type, object? value, CanonicalHash hash)
    {
        hash.Write(type);
        if (value is System.Collections.Immutable.ImmutableArray<CustomAttributeTypedArgument<string>> array)
        {
            hash.Write(array.Length);
            foreach (var element in array) WriteArgument(element.Type, element.Value, hash);
        }
        else
        {
            hash.Write(value is null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private string AttributeTypeName(CodeAssembly assembly, CustomAttribute attribute)
    {
        var reader = assembly.Reader;
        var type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => _plainNames.GetTypeFromReference(reader, (TypeReferenceHandle)type, 0),
            HandleKind.TypeDefinition => assembly.TypeKey((TypeDefinitionHandle)type),
            _ => "",
        };
    }

    private void WriteGenericParameters(CodeAssembly assembly, GenericParameterHandleCollection parameters, CanonicalHash hash)
    {
        var reader = assembly.Reader;
        foreach (var handle in parameters)
        {
            var parameter = reader.GetGenericParameter(handle);
            hash.Write(reader.GetString(parameter.Name)).Write((long)parameter.Attributes);
            foreach (var constraint in parameter.GetConstraints())
                hash.Write(Resolve(assembly, reader.GetGenericParameterConstraint(constraint).Type));
            WriteAttributes(assembly, parameter.GetCustomAttributes(), hash);
        }
    }

    public string MethodKey(CodeAssembly assembly, MethodDefinitionHandle handle)
    {
        // Plain names (no reach): the key depends on the assembly alone, so it is computed once per build.
        if (assembly.MethodKeys.TryGetValue(handle, out var key)) return key;
        var method = assembly.Reader.GetMethodDefinition(handle);
        key = $"{assembly.TypeKey(method.GetDeclaringType())}::{CodeAssembly.StableName(assembly.Reader.GetString(method.Name))} {SignatureNames.Method(method.DecodeSignature(_plainNames, null))}";
        assembly.MethodKeys[handle] = key;
        return key;
    }

    private static string FieldKey(CodeAssembly assembly, FieldDefinitionHandle handle)
    {
        var field = assembly.Reader.GetFieldDefinition(handle);
        return $"{assembly.TypeKey(field.GetDeclaringType())}::{CodeAssembly.StableName(assembly.Reader.GetString(field.Name))}";
    }
}
