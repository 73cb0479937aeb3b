using CityDiplomacy.Cli;

// One executable: the web app (default verb « serve »), its JSON API and the CLI verbs.
return await Verbs.RunAsync(args, Console.Out, Console.Error);
