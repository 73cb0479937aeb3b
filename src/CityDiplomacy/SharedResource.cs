namespace CityDiplomacy;

/// <summary>Marker for the shared string resources: French keys, English in Resources/SharedResource.en.resx.</summary>
public sealed class SharedResource;
