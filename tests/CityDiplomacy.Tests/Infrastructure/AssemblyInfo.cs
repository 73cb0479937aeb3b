using CityDiplomacy.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(TemplateCleanup))]
