# Sourced by benchmarks/build-times.sh and benchmarks/generator-in-a-build.sh: a throwaway consumer
# project that uses this repository's generator (as an analyzer) and runtime (as project references)
# with the package's buildTransitive props and targets, as a user of the XhsGenerated package has them.
#
#   write_consumer FILE.csproj ROOT 'ITEMS' ['PROPERTIES']
write_consumer() {
  local project="$1" root="$2" items="$3" properties="${4:-}"
  cat > "$project" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$root/packaging/XhsGenerated/buildTransitive/XhsGenerated.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RootNamespace>Demo</RootNamespace>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <NoWarn>\$(NoWarn);XHS0006;XHS0007</NoWarn>
    $properties
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/generator/XhsGenerated.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="$root/runtime/XhsGenerated.Runtime.csproj" />
    $items
  </ItemGroup>
  <Import Project="$root/packaging/XhsGenerated/buildTransitive/XhsGenerated.targets" />
</Project>
XML
}
